# Sourced by payara/configure.sh and wildfly/configure.sh: what both need to know about Herald itself.

# Every MicroProfile Config key Herald reads. A script stores a key in the server (as a system property) when
# its environment variable is set, named by MicroProfile Config's own rule: herald.ws.max-connections is
# HERALD_WS_MAX_CONNECTIONS. So the variables that configure `mvn -Prun` configure a server the same way.
HERALD_KEYS=(
    herald.jwt.secret herald.jwt.public-key herald.jwt.jwks-url herald.jwt.issuer
    herald.basic.users herald.basic.audience
    herald.ticket.ttl-seconds herald.public-ws-url herald.cors.allowed-origins
    herald.ws.allowed-origins herald.ws.max-connections herald.ws.max-connections-per-user
    herald.ws.max-queue-bytes herald.ws.heartbeat-seconds
    herald.limits.body-bytes herald.log.queue-events
    herald.notifier.max-batch-events herald.notifier.max-batch-bytes herald.notifier.announcement-seconds
    herald.notifier.open
    herald.retention.days herald.housekeeping.interval-minutes
    herald.dev.token
)

# The PostgreSQL JDBC driver the servers load the datasource with (the WAR's own copy is invisible to them).
POSTGRESQL_VERSION=42.7.8

# Prints "key<TAB>value" for each Herald setting present in the environment.
herald_settings() {
    local key variable
    for key in "${HERALD_KEYS[@]}"; do
        variable=$(tr 'a-z.-' 'A-Z__' <<<"$key")
        if [[ -n "${!variable-}" ]]; then
            printf '%s\t%s\n' "$key" "${!variable}"
        fi
    done
}

# Fails unless the environment names a PostgreSQL database; reminds of the token key Herald cannot start without.
require_herald_environment() {
    if [[ "${HERALD_DB_URL-}" != jdbc:postgresql:* ]]; then
        echo "HERALD_DB_URL must be a PostgreSQL JDBC URL, e.g. jdbc:postgresql://db.example.com:5432/herald" >&2
        exit 2
    fi
    if [[ -z "${HERALD_JWT_SECRET-}" && -z "${HERALD_JWT_PUBLIC_KEY-}" && -z "${HERALD_JWT_JWKS_URL-}" ]]; then
        echo "note: none of HERALD_JWT_SECRET, HERALD_JWT_PUBLIC_KEY, HERALD_JWT_JWKS_URL is set; Herald starts only if the server" \
             "already has one (stored by an earlier run, or in the server's environment)" >&2
    fi
}

# Path of the PostgreSQL driver jar: $POSTGRESQL_JAR if set, else fetched once with Maven (which builds Herald
# anyway) into the directory given as $1.
postgresql_jar() {
    if [[ -n "${POSTGRESQL_JAR-}" ]]; then
        [[ -f "$POSTGRESQL_JAR" ]] || { echo "POSTGRESQL_JAR=$POSTGRESQL_JAR is not a file" >&2; exit 2; }
        echo "$POSTGRESQL_JAR"
        return
    fi
    local jar="$1/postgresql-$POSTGRESQL_VERSION.jar"
    if [[ ! -f "$jar" ]]; then
        mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
            -Dartifact="org.postgresql:postgresql:$POSTGRESQL_VERSION" -DoutputDirectory="$1" >&2
    fi
    echo "$jar"
}
