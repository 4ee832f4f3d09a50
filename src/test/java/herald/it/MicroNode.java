package herald.it;

import herald.dev.PayaraDatasource;
import herald.dev.PayaraMicro;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Herald node on the tests' PostgreSQL: the shipped WAR on Payara Micro in a JVM of its own, as the run
 * command starts it, configured like the node under test. Nodes form a cluster through the database alone.
 * A node keeps its port across {@link #kill} and {@link #restart}, so a load balancer in front finds it again.
 */
final class MicroNode implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    final String name;
    final int port;
    final DeployedHerald herald;
    private final Path logFile;
    private PayaraMicro micro;
    private PrintStream log;

    private MicroNode(String name, int port, Path logFile) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.herald = DeployedHerald.at(URI.create("http://" + address()));
    }

    /** {@code count} nodes started side by side (a start is mostly waiting on one core); all or none. */
    static List<MicroNode> startAll(int count) {
        List<MicroNode> nodes = IntStream.rangeClosed(1, count).mapToObj(n -> new MicroNode("node-" + n, freePort(),
                Path.of(System.getProperty("herald.war")).resolveSibling("cluster").resolve("node-" + n + ".log"))).toList();
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (MicroNode node : nodes) {
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    Files.deleteIfExists(node.logFile); // an earlier run's
                    node.boot();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException failed) {
            nodes.forEach(MicroNode::close);
            throw failed;
        }
        return nodes;
    }

    private static int freePort() {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the node again on its port, after {@link #kill}; its log goes on in the same file. */
    void restart() throws Exception {
        boot();
    }

    private void boot() throws Exception {
        Files.createDirectories(logFile.getParent());
        log = new PrintStream(Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        TestDatabase database = TestServer.testDatabase();
        micro = PayaraMicro.start(property("herald.run.micro"), property("herald.war"), property("herald.run.driver"),
                port, Files.createTempDirectory("herald-" + name),
                PayaraDatasource.commands(database.jdbcUrl(), database.user(), database.password()),
                environment(TestServer.settings()), log);
        if (!micro.awaitStatus(herald.uri("/api/v1/streams/x/events"), 401, STARTUP)) {
            close();
            throw new IllegalStateException(name + " did not come up; see " + logFile);
        }
    }

    /** MicroProfile Config reads {@code herald.ws.heartbeat-seconds} from {@code HERALD_WS_HEARTBEAT_SECONDS}. */
    private static Map<String, String> environment(Map<String, String> settings) {
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

    /** {@code 127.0.0.1:port}, as a load balancer names the node. */
    String address() {
        return "127.0.0.1:" + port;
    }

    /** What the node has logged so far, over all its starts. */
    String logText() throws IOException {
        return Files.readString(logFile);
    }

    /** Kills the node's JVM with SIGKILL, as in a crash. */
    void kill() throws InterruptedException {
        micro.kill();
        log.close();
    }

    @Override
    public void close() {
        if (micro != null) {
            micro.stop();
        }
        if (log != null) {
            log.close();
        }
    }
}
