package herald.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of server-config/ as the README tells an operator to: the database and Herald's settings in
 * the environment. What the tests deploy onto is configured by exactly the scripts users run.
 */
final class ServerConfigScript {

    private static final long TIMEOUT_MINUTES = 10;

    private ServerConfigScript() {
    }

    /**
     * @param server      the directory under server-config/ ({@code payara}, {@code wildfly})
     * @param environment where the server is ({@code PAYARA_HOME}, {@code JBOSS_HOME}, …)
     */
    static void run(String server, TestDatabase database, Map<String, String> settings, Map<String, String> environment) {
        Path script = Path.of(TestServer.required("herald.it.server-config"), server, "configure.sh");
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", script.toString())).inheritIO();
        Map<String, String> env = builder.environment();
        env.put("HERALD_DB_URL", database.jdbcUrl());
        putIfPresent(env, "HERALD_DB_USER", database.user());
        putIfPresent(env, "HERALD_DB_PASSWORD", database.password());
        putIfPresent(env, "POSTGRESQL_JAR", System.getProperty("herald.it.postgresql-jar"));
        operatorStyle(settings).forEach((key, value) -> env.put(environmentName(key), value));
        env.putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed with exit code " + process.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** MicroProfile Config's rule, which the scripts apply the other way round: herald.ws.x-y is HERALD_WS_X_Y. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * A PEM key spans lines, which neither asadmin nor jboss-cli carries in a value; an operator names a file
     * instead ({@code HERALD_JWT_PUBLIC_KEY=file:…}), and so do the tests.
     */
    private static Map<String, String> operatorStyle(Map<String, String> settings) {
        Map<String, String> result = new HashMap<>(settings);
        String pem = result.get("herald.jwt.public-key");
        if (pem != null && pem.contains("\n")) {
            try {
                Path file = Files.createTempFile("herald-it-public-key", ".pem");
                Files.writeString(file, pem);
                result.put("herald.jwt.public-key", file.toUri().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    private static void putIfPresent(Map<String, String> env, String name, String value) {
        if (value != null && !value.isEmpty()) {
            env.put(name, value);
        }
    }
}
