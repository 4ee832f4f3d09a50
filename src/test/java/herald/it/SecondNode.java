package herald.it;

import herald.dev.PayaraDatasource;
import herald.dev.PayaraMicro;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Another Herald node on the tests' PostgreSQL: the shipped WAR on Payara Micro in a JVM of its own, as the
 * run command starts it, configured like the node under test. Whatever that node runs on (embedded Payara,
 * Payara Server, WildFly), the two form a cluster through the database alone.
 */
final class SecondNode implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final PayaraMicro micro;
    private final PrintStream log;
    private final Path logFile;
    final DeployedHerald herald;

    private SecondNode(PayaraMicro micro, PrintStream log, Path logFile, URI base) {
        this.micro = micro;
        this.log = log;
        this.logFile = logFile;
        this.herald = DeployedHerald.at(base);
    }

    static SecondNode start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path directory = Files.createTempDirectory("herald-second-node");
        Path logFile = Path.of(System.getProperty("herald.war")).resolveSibling("second-node.log");
        PrintStream log = new PrintStream(Files.newOutputStream(logFile), true);
        TestDatabase database = TestServer.testDatabase();
        PayaraMicro micro = PayaraMicro.start(property("herald.run.micro"), property("herald.war"),
                property("herald.run.driver"), port, directory,
                PayaraDatasource.commands(database.jdbcUrl(), database.user(), database.password()),
                environment(TestServer.settings()), log);
        URI base = URI.create("http://127.0.0.1:" + port);
        if (!micro.awaitStatus(base.resolve("/api/v1/streams/x/events"), 401, STARTUP)) {
            micro.stop();
            log.close();
            throw new IllegalStateException("the second node did not come up; see " + logFile);
        }
        return new SecondNode(micro, log, logFile, base);
    }

    /** MicroProfile Config reads {@code herald.ws.heartbeat-seconds} from {@code HERALD_WS_HEARTBEAT_SECONDS}. */
    static Map<String, String> environment(Map<String, String> settings) {
        return settings.entrySet().stream().collect(Collectors.toMap(
                setting -> setting.getKey().replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT),
                Map.Entry::getValue));
    }

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException(name + " names no file (" + value + "); run the tests with mvn verify");
        }
        return Path.of(value);
    }

    /** What the node has logged so far. */
    String logText() throws java.io.IOException {
        return Files.readString(logFile);
    }

    URL base() {
        return herald.base;
    }

    /** Kills the node's JVM with SIGKILL; {@link #close} afterwards only closes its log. */
    void kill() throws InterruptedException {
        micro.kill();
    }

    @Override
    public void close() {
        micro.stop();
        log.close();
    }
}
