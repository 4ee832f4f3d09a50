package herald.bench;

import herald.dev.EmbeddedDatabase;
import herald.dev.PayaraDatasource;
import herald.dev.PayaraMicro;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Herald started the way the run command starts it (Payara Micro in its own JVM, embedded PostgreSQL), but on a
 * free port, with a fresh database in a temporary directory that is deleted on close, and a random HS256 secret.
 * More nodes can join it on the same database ({@link #addNode()}); each node connects as a database user of its
 * own ({@code herald_node_<n>}), so that PostgreSQL's statement statistics tell the nodes apart.
 */
final class LocalHerald implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    /** One Herald node: its number (1 is the first), address, server and database user. */
    record Node(int number, URI base, PayaraMicro server, String databaseUser, Path serverLog) {
    }

    final URI base;
    final byte[] secret;
    final Path serverLog;
    final EmbeddedDatabase database;
    private final Path workDirectory;
    private final Path dataDirectory;
    private final List<Node> nodes = new ArrayList<>();
    private final List<PrintStream> logs = new ArrayList<>();
    private boolean closed;

    private LocalHerald(byte[] secret, Path workDirectory, Path dataDirectory, EmbeddedDatabase database, Node first,
                        PrintStream log) {
        this.base = first.base();
        this.secret = secret;
        this.serverLog = first.serverLog();
        this.workDirectory = workDirectory;
        this.dataDirectory = dataDirectory;
        this.database = database;
        this.nodes.add(first);
        this.logs.add(log);
    }

    static LocalHerald start(int requestedPort) throws IOException, InterruptedException {
        Path workDirectory = Path.of(System.getProperty("herald.bench.dir", "target/bench"));
        Files.createDirectories(workDirectory);
        Path dataDirectory = Files.createTempDirectory("herald-bench-postgres");
        // figures are durable ones; pg_stat_statements counts each node's statements for the relay scenario
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory, false, true,
                Map.of("shared_preload_libraries", "pg_stat_statements"));
        byte[] secret = randomHex(32).getBytes(StandardCharsets.US_ASCII);
        Path serverLog = workDirectory.resolve("server.log");
        PrintStream log = new PrintStream(Files.newOutputStream(serverLog), true);
        Node first;
        try {
            first = startNode(1, requestedPort > 0 ? requestedPort : freePort(), workDirectory, serverLog, log, database, secret);
        } catch (IOException | RuntimeException e) {
            log.close();
            database.close();
            deleteRecursively(dataDirectory);
            throw e;
        }
        LocalHerald herald = new LocalHerald(secret, workDirectory, dataDirectory, database, first, log);
        if (!first.server().awaitStatus(herald.base.resolve("api/v1/streams/x/events"), 401, STARTUP_TIMEOUT)) {
            herald.close();
            throw new IllegalStateException("Herald did not come up at " + herald.base + "; see " + serverLog);
        }
        return herald;
    }

    /** Starts one more node on the same database and secret, on a free port, and waits until it serves. */
    synchronized Node addNode() throws IOException, InterruptedException {
        int number = nodes.size() + 1;
        Path directory = workDirectory.resolve("node-" + number);
        Path nodeLog = workDirectory.resolve("server-" + number + ".log");
        PrintStream log = new PrintStream(Files.newOutputStream(nodeLog), true);
        logs.add(log);
        Node node = startNode(number, freePort(), directory, nodeLog, log, database, secret);
        nodes.add(node);
        if (!node.server().awaitStatus(node.base().resolve("api/v1/streams/x/events"), 401, STARTUP_TIMEOUT)) {
            throw new IllegalStateException("node " + number + " did not come up at " + node.base() + "; see " + nodeLog);
        }
        return node;
    }

    synchronized List<Node> nodes() {
        return List.copyOf(nodes);
    }

    private static Node startNode(int number, int port, Path workDirectory, Path serverLog, PrintStream log,
                                  EmbeddedDatabase database, byte[] secret) throws IOException {
        String user = "herald_node_" + number;
        database.createSuperuser(user);
        PayaraMicro server = PayaraMicro.start(Path.of(required("herald.run.micro")), Path.of(required("herald.run.war")),
                Path.of(required("herald.run.driver")), port, workDirectory,
                PayaraDatasource.commands(database.jdbcUrl(user), null, null),
                Map.of("HERALD_JWT_SECRET", new String(secret, StandardCharsets.US_ASCII)), log);
        return new Node(number, URI.create("http://localhost:" + port + "/"), server, user, serverLog);
    }

    /** Stops the server before the database it uses, then removes the database's files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).server().stop();
        }
        logs.forEach(PrintStream::close);
        database.close();
        deleteRecursively(dataDirectory);
    }

    /** Checked just before Micro binds it; another process could still take it in between, which is unlikely. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; run the benchmark with mvn -Pbench");
        }
        return value;
    }

    /**
     * Tolerates files vanishing meanwhile: on an abnormal exit the embedded PostgreSQL's own shutdown hook
     * cleans the same directory at the same time.
     */
    private static void deleteRecursively(Path directory) {
        for (int attempt = 0; attempt < 3 && Files.exists(directory); attempt++) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // something else is deleting it too: look again
            }
        }
        if (Files.exists(directory)) {
            System.err.println("could not delete " + directory);
        }
    }
}
