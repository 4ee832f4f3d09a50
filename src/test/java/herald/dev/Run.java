package herald.dev;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The README's run command ({@code mvn -Prun}): Herald on WildFly at http://localhost:8080/ (on Payara Micro
 * with {@code -Dherald.server=payara}), with an embedded PostgreSQL under ./data/ unless HERALD_DB_URL names
 * one. Stops everything on Ctrl-C / SIGTERM.
 */
public final class Run {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    private static volatile EmbeddedDatabase database;
    private static volatile RunningServer server;

    private Run() {
    }

    public static void main(String[] args) throws Exception {
        Instant started = Instant.now();
        Path microJar = Path.of(requiredProperty("herald.run.micro"));
        Path driverJar = Path.of(requiredProperty("herald.run.driver"));
        Path war = Path.of(requiredProperty("herald.run.war"));
        Path workDirectory = Path.of(System.getProperty("herald.run.dir", "target/run"));
        int port = Integer.parseInt(env("HERALD_HTTP_PORT", "8080"));
        checkPortFree(port);

        // One hook, so the server stops before the database it uses (shutdown hooks run concurrently).
        Runtime.getRuntime().addShutdownHook(new Thread(Run::stop, "herald-run-stop"));
        // Maven running us by exec:exec does not pass a SIGTERM on; dying with it keeps nothing orphaned.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));

        String jdbcUrl = env("HERALD_DB_URL", "");
        if (jdbcUrl.isBlank()) {
            database = EmbeddedDatabase.start(Path.of("data", "postgres"), true, true);
            jdbcUrl = database.jdbcUrl();
        } else if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("HERALD_DB_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host/db)");
        }

        Map<String, String> environment = new HashMap<>();
        String adminToken = null;
        if (env("HERALD_JWT_SECRET", "").isBlank() && env("HERALD_JWT_PUBLIC_KEY", "").isBlank()
                && env("HERALD_JWT_JWKS_URL", "").isBlank()) {
            String secret = randomHex(32);
            environment.put("HERALD_JWT_SECRET", secret);
            adminToken = adminToken(secret);
            // the console's "Dev token" button (GET /dev-token); in the environment, like the secret, not in ps
            environment.put("HERALD_DEV_TOKEN", adminToken);
        }

        String serverName = System.getProperty("herald.server", "wildfly");
        if (serverName.equals("wildfly")) {
            environment.put("HERALD_DB_URL", jdbcUrl);
            server = WildFly.start(Path.of(requiredProperty("herald.run.wildfly")), war, driverJar, port, environment);
        } else if (serverName.equals("payara")) {
            List<List<String>> datasource = PayaraDatasource.commands(jdbcUrl,
                    env("HERALD_DB_USER", null), env("HERALD_DB_PASSWORD", null));
            server = PayaraMicro.start(microJar, war, driverJar, port, workDirectory, datasource, environment);
        } else {
            throw new IllegalArgumentException("herald.server is payara or wildfly, not " + serverName);
        }

        String base = "http://localhost:" + port + "/";
        if (!server.awaitStatus(URI.create(base + "api/v1/streams/x/events"), 401, STARTUP_TIMEOUT)) {
            System.err.println("Herald did not come up at " + base + "; see the server log above.");
            System.exit(1);
        }
        printBanner(base, adminToken, Duration.between(started, Instant.now()));
        System.exit(server.waitFor());
    }

    private static void stop() {
        RunningServer running = server;
        if (running != null) {
            running.stop();
        }
        EmbeddedDatabase db = database;
        if (db != null) {
            db.close();
        }
    }

    private static String adminToken(String secret) {
        long now = Instant.now().getEpochSecond();
        JsonObjectBuilder claims = Json.createObjectBuilder()
                .add("sub", "admin")
                .add("aud", "default")
                .add("groups", Json.createArrayBuilder().add("admin"))
                .add("iat", now)
                .add("exp", now + TOKEN_LIFETIME.toSeconds());
        String issuer = env("HERALD_JWT_ISSUER", "");
        if (!issuer.isBlank()) {
            claims.add("iss", issuer);
        }
        return TokenSigner.hs256(secret.getBytes(StandardCharsets.UTF_8), claims.build());
    }

    private static void printBanner(String base, String adminToken, Duration startup) {
        StringBuilder banner = new StringBuilder("\n=== Herald is running at ").append(base)
                .append(" (started in ").append(startup.toSeconds()).append(" s; Ctrl-C stops it) ===\n")
                .append("Console: ").append(base);
        banner.append(adminToken != null ? " (\"Dev token\" signs you in)\n" : " (paste a token of your app)\n");
        if (adminToken != null) {
            banner.append("Admin token for audience \"default\", valid ").append(TOKEN_LIFETIME.toHours())
                    .append(" h (this run's secret is random; set HERALD_JWT_SECRET to keep tokens valid):\n")
                    .append("  export HERALD_TOKEN=").append(adminToken).append('\n')
                    .append("Try:\n")
                    .append("  curl -H \"Authorization: Bearer $HERALD_TOKEN\" -H 'Content-Type: application/json'")
                    .append(" -H 'X-Producer-ID: p' -d '{\"event\":{\"name\":\"A\"},\"payload\":{}}' ")
                    .append(base).append("api/v1/streams/demo/events\n")
                    .append("  curl -H \"Authorization: Bearer $HERALD_TOKEN\" -H 'X-Consumer-ID: c' '")
                    .append(base).append("api/v1/streams/demo/events?eventName=A&limit=10'\n");
        }
        System.out.println(banner);
    }

    private static void checkPortFree(int port) {
        try {
            new ServerSocket(port).close();
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use; stop what holds it or set HERALD_HTTP_PORT", e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; start Herald with mvn -Prun");
        }
        return value;
    }
}
