#!/usr/bin/env bash
# Prepares a stopped WildFly 38 (Jakarta EE 10) for Herald's WAR. Safe to run again: every run leaves the
# server configured from the current environment.
#
#   JBOSS_HOME            the WildFly directory (required)
#   WILDFLY_CONFIG        server configuration to change (default standalone.xml); start the server with
#                         the same one (-c). Not standalone-microprofile.xml: it has no EJB container, and
#                         Herald's @Singleton and @Startup beans need one.
#   HERALD_DB_URL         jdbc:postgresql://host:port/database (required)
#   HERALD_DB_USER, HERALD_DB_PASSWORD
#   HERALD_JWT_SECRET, HERALD_JWT_PUBLIC_KEY, HERALD_BASIC_USERS, … every Herald setting (see README),
#                         stored as system properties of the server
#   POSTGRESQL_JAR        a PostgreSQL JDBC driver jar (default: fetched with mvn)
#
# It changes the configuration offline (jboss-cli embed-server), so the server must not be running.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../settings.sh"

: "${JBOSS_HOME:?set JBOSS_HOME to the WildFly directory}"
config=${WILDFLY_CONFIG:-standalone.xml}
require_herald_environment

# The driver as a module, so the server-defined datasource can load it (the WAR's own copy is invisible to it).
driver=$(postgresql_jar "$JBOSS_HOME/standalone/tmp/herald")
module="$JBOSS_HOME/modules/org/postgresql/main"
mkdir -p "$module"
rm -f "$module"/postgresql-*.jar
cp "$driver" "$module/"
cat >"$module/module.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by Herald's server-config/wildfly/configure.sh -->
<module xmlns="urn:jboss:module:1.9" name="org.postgresql">
    <resources>
        <resource-root path="$(basename "$driver")"/>
    </resources>
    <dependencies>
        <module name="java.logging"/>
        <module name="java.management"/>
        <module name="java.naming"/>
        <module name="java.security.jgss"/>
        <module name="java.sql"/>
        <module name="java.transaction.xa"/>
    </dependencies>
</module>
EOF

# A jboss-cli string: quoted, with \ and " escaped. WildFly would resolve ${…} inside as an expression.
quote() {
    if [[ "$1" == *'${'* ]]; then
        echo "a value may not contain \${ (WildFly reads it as an expression): $1" >&2
        exit 2
    fi
    local escaped=${1//\\/\\\\}
    printf '"%s"' "${escaped//\"/\\\"}"
}

# Removes a resource if it exists, so that the following add writes it afresh from the environment.
replace() {
    printf 'if (outcome == success) of %s:read-resource\n    %s:remove\nend-if\n' "$1" "$1"
}

datasource=/subsystem=datasources/data-source=herald
commands=$(mktemp)
trap 'rm -f "$commands"' EXIT
chmod 600 "$commands" # it holds the database password and the token secret
{
    echo "embed-server --server-config=$config --std-out=discard"

    echo "if (outcome != success) of /subsystem=datasources/jdbc-driver=postgresql:read-resource"
    echo "    /subsystem=datasources/jdbc-driver=postgresql:add(driver-name=postgresql, driver-module-name=org.postgresql, driver-xa-datasource-class-name=org.postgresql.xa.PGXADataSource)"
    echo "end-if"

    # WildFly accepts datasource JNDI names under java:/ or java:jboss/ only; jboss-web.xml binds the WAR's
    # java:comp/env/jdbc/herald to this one.
    replace "$datasource"
    printf '%s:add(jndi-name=java:/jdbc/herald, driver-name=postgresql, connection-url=%s' "$datasource" "$(quote "$HERALD_DB_URL")"
    [[ -n "${HERALD_DB_USER-}" ]] && printf ', user-name=%s' "$(quote "$HERALD_DB_USER")"
    [[ -n "${HERALD_DB_PASSWORD-}" ]] && printf ', password=%s' "$(quote "$HERALD_DB_PASSWORD")"
    printf ', min-pool-size=4, max-pool-size=64, background-validation=true'
    printf ', valid-connection-checker-class-name=org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLValidConnectionChecker'
    printf ', exception-sorter-class-name=org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLExceptionSorter)\n'
    # One round trip per JDBC batch of events instead of one per event.
    echo "$datasource/connection-properties=reWriteBatchedInserts:add(value=true)"

    # Herald brings its own Jakarta Security mechanism (Bearer, tickets, Basic); with WildFly's integrated
    # JASPI it would never be asked, and every caller would stay anonymous.
    echo "/subsystem=undertow/application-security-domain=other:write-attribute(name=integrated-jaspi, value=false)"

    # MicroProfile Health (Herald's checks, served on the management port like WildFly's own /health) and
    # OpenAPI (/openapi, Herald's API document): standalone.xml has MicroProfile Config and JWT, not these.
    # Health is unauthenticated, as standalone.xml's base /health and standalone-microprofile.xml have it.
    for feature in health openapi; do
        echo "if (outcome != success) of /extension=org.wildfly.extension.microprofile.$feature-smallrye:read-resource"
        echo "    /extension=org.wildfly.extension.microprofile.$feature-smallrye:add"
        echo "end-if"
    done
    echo "if (outcome != success) of /subsystem=microprofile-health-smallrye:read-resource"
    echo "    /subsystem=microprofile-health-smallrye:add(security-enabled=false)"
    echo "end-if"
    echo "if (outcome != success) of /subsystem=microprofile-openapi-smallrye:read-resource"
    echo "    /subsystem=microprofile-openapi-smallrye:add"
    echo "end-if"

    while IFS=$'\t' read -r key value; do
        replace "/system-property=$key"
        echo "/system-property=$key:add(value=$(quote "$value"))"
    done < <(herald_settings)

    echo "stop-embedded-server"
} >"$commands"

"$JBOSS_HOME/bin/jboss-cli.sh" --file="$commands"
echo "WildFly at $JBOSS_HOME is ready for Herald ($config): start it with bin/standalone.sh -c $config and deploy herald.war"
