package herald.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * WildFly as the run command's server ({@code -Dherald.server=wildfly}): the distribution the run profile
 * unpacks, prepared by {@code server-config/wildfly/configure.sh} exactly as an operator would prepare
 * theirs, the WAR dropped into {@code standalone/deployments}, and {@code standalone.sh} as a child process.
 */
final class WildFly implements RunningServer {

    private static final String CONFIG = "standalone.xml";

    private final Process process;

    private WildFly(Process process) {
        this.process = process;
    }

    /**
     * @param settings Herald's environment variables (HERALD_DB_URL, HERALD_JWT_SECRET, …), which
     *                 configure.sh stores in the server's configuration
     */
    static WildFly start(Path home, Path war, Path driverJar, int port, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path configure = Path.of("server-config", "wildfly", "configure.sh").toAbsolutePath();
        ProcessBuilder configuring = new ProcessBuilder("bash", configure.toString()).inheritIO();
        configuring.environment().putAll(settings);
        configuring.environment().put("JBOSS_HOME", home.toString());
        configuring.environment().put("WILDFLY_CONFIG", CONFIG);
        configuring.environment().put("POSTGRESQL_JAR", driverJar.toString());
        int configured = configuring.start().waitFor();
        if (configured != 0) {
            throw new IllegalStateException("server-config/wildfly/configure.sh failed (exit " + configured + ")");
        }

        Path deployments = home.resolve("standalone").resolve("deployments");
        for (String marker : List.of(".deployed", ".failed", ".undeployed", ".isdeploying", ".pending")) {
            Files.deleteIfExists(deployments.resolve("herald.war" + marker));
        }
        Files.copy(war, deployments.resolve("herald.war"), StandardCopyOption.REPLACE_EXISTING);

        ProcessBuilder server = new ProcessBuilder(home.resolve("bin").resolve("standalone.sh").toString(),
                "-c", CONFIG, "-Djboss.http.port=" + port).inheritIO();
        server.environment().put("JBOSS_HOME", home.toString());
        server.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true"); // the script passes SIGTERM on to the JVM
        return new WildFly(server.start());
    }

    /** Polls until the deployment answers: 404 while it deploys, then the expected status. */
    @Override
    public boolean awaitStatus(URI probe, int expectedStatus, Duration timeout) throws InterruptedException {
        HttpClient client = RunningServer.probeClient();
        HttpRequest request = RunningServer.probe(probe);
        Instant deadline = Instant.now().plus(timeout);
        while (process.isAlive() && Instant.now().isBefore(deadline)) {
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == expectedStatus) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500); // 404 until the deployment is up: keep asking
        }
        return false;
    }

    @Override
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** SIGTERM to the script, which hands it to WildFly for an orderly shutdown. */
    @Override
    public void stop() {
        RunningServer.terminate(process, "WildFly");
    }
}
