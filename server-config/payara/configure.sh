#!/usr/bin/env bash
# Prepares a Payara Server 6 domain for Herald's WAR and leaves it running, ready for `asadmin deploy`.
# Safe to run again: every run leaves the domain configured from the current environment.
#
#   PAYARA_HOME           the Payara Server directory, with bin/asadmin (required)
#   PAYARA_DOMAIN         the domain (default domain1); started if it is not running
#   AS_ADMIN_PORT, …      asadmin's own variables, for a domain whose admin port is not 4848
#   HERALD_DB_URL         jdbc:postgresql://host:port/database (required)
#   HERALD_DB_USER, HERALD_DB_PASSWORD
#   HERALD_JWT_SECRET, HERALD_JWT_PUBLIC_KEY, HERALD_BASIC_USERS, … every Herald setting (see README),
#                         stored as system properties of the server
#   POSTGRESQL_JAR        a PostgreSQL JDBC driver jar (default: fetched with mvn)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../settings.sh"

: "${PAYARA_HOME:?set PAYARA_HOME to the Payara Server directory}"
domain=${PAYARA_DOMAIN:-domain1}
asadmin() { "$PAYARA_HOME/bin/asadmin" --interactive=false "$@"; }
require_herald_environment
if [[ -n "${HERALD_DB_USER-}" && -z "${HERALD_DB_PASSWORD-}" ]]; then
    # Payara's pool refuses a user without a password ("No password credential found").
    echo "set HERALD_DB_PASSWORD too (any value, if the database trusts the user without one)" >&2
    exit 2
fi

domain_lib="$PAYARA_HOME/glassfish/domains/$domain/lib"
[[ -d "$domain_lib" ]] || { echo "no domain $domain under $PAYARA_HOME/glassfish/domains" >&2; exit 2; }
running() { asadmin list-domains | grep -q "^$domain running"; }

# The driver goes into the domain's lib/, where the server-defined pool can load it (the WAR's own copy is
# invisible to it). The server reads lib/ when it starts, so a running server restarts for a new driver.
driver=$(postgresql_jar "$PAYARA_HOME/glassfish/domains/$domain/tmp/herald")
driver_added=false
if [[ ! -f "$domain_lib/$(basename "$driver")" ]]; then
    rm -f "$domain_lib"/postgresql-*.jar
    cp "$driver" "$domain_lib/"
    driver_added=true
fi
if ! running; then
    asadmin start-domain "$domain"
elif $driver_added; then
    asadmin restart-domain "$domain"
fi

# asadmin separates properties with ':' and names from values with '='.
escape() {
    local value=${1//\\/\\\\}
    value=${value//:/\\:}
    printf '%s' "${value//=/\\=}"
}

# The pool is created once and then updated in place: dropping it would break a deployed Herald.
pool=herald-pool
if asadmin get "resources.jdbc-connection-pool.$pool.name" >/dev/null 2>&1; then
    asadmin set "resources.jdbc-connection-pool.$pool.property.URL=$HERALD_DB_URL" \
                "resources.jdbc-connection-pool.$pool.property.user=${HERALD_DB_USER-}" \
                "resources.jdbc-connection-pool.$pool.property.password=${HERALD_DB_PASSWORD-}"
else
    properties="URL=$(escape "$HERALD_DB_URL")"
    [[ -n "${HERALD_DB_USER-}" ]] && properties+=":user=$(escape "$HERALD_DB_USER")"
    [[ -n "${HERALD_DB_PASSWORD-}" ]] && properties+=":password=$(escape "$HERALD_DB_PASSWORD")"
    # One round trip per JDBC batch of events instead of one per event.
    properties+=":reWriteBatchedInserts=true"
    asadmin create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource \
        --restype javax.sql.DataSource --steadypoolsize 4 --maxpoolsize 64 \
        --isconnectvalidatereq true --validationmethod auto-commit \
        --property "$properties" "$pool"
fi
# The name glassfish-web.xml binds the WAR's java:comp/env/jdbc/herald to.
if ! asadmin list-jdbc-resources | grep -qx 'jdbc/herald'; then
    asadmin create-jdbc-resource --connectionpoolid "$pool" jdbc/herald
fi
asadmin ping-connection-pool "$pool"

while IFS=$'\t' read -r key value; do
    asadmin create-system-properties "$key=$(escape "$value")"
done < <(herald_settings)

echo "Payara domain $domain is ready for Herald: deploy with $PAYARA_HOME/bin/asadmin deploy --force=true herald.war"
