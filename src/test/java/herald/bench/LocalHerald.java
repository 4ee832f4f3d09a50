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
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Herald started the way the run command starts it (Payara Micro in its own JVM, embedded PostgreSQL), but on a
 * free port, with a fresh database in a temporary directory that is deleted on close, and a random HS256 secret.
 */
final class LocalHerald implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    final URI base;
    final byte[] secret;
    final Path serverLog;
    private final Path dataDirectory;
    private final EmbeddedDatabase database;
    private final PayaraMicro server;
    private final PrintStream log;
    private boolean closed;

    private LocalHerald(URI base, byte[] secret, Path serverLog, Path dataDirectory, EmbeddedDatabase database,
                        PayaraMicro server, PrintStream log) {
        this.base = base;
        this.secret = secret;
        this.serverLog = serverLog;
        this.dataDirectory = dataDirectory;
        this.database = database;
        this.server = server;
        this.log = log;
    }

    static LocalHerald start(int requestedPort) throws IOException, InterruptedException {
        Path workDirectory = Path.of(System.getProperty("herald.bench.dir", "target/bench"));
        Files.createDirectories(workDirectory);
        Path dataDirectory = Files.createTempDirectory("herald-bench-postgres");
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory, false, true); // figures are durable ones
        String secret = randomHex(32);
        int port = requestedPort > 0 ? requestedPort : freePort();
        Path serverLog = workDirectory.resolve("server.log");
        PrintStream log = new PrintStream(Files.newOutputStream(serverLog), true);
        PayaraMicro server;
        try {
            server = PayaraMicro.start(Path.of(required("herald.run.micro")), Path.of(required("herald.run.war")),
                    Path.of(required("herald.run.driver")), port, workDirectory,
                    PayaraDatasource.commands(database.jdbcUrl(), null, null),
                    Map.of("HERALD_JWT_SECRET", secret), log);
        } catch (IOException | RuntimeException e) {
            database.close();
            deleteRecursively(dataDirectory);
            throw e;
        }
        LocalHerald herald = new LocalHerald(URI.create("http://localhost:" + port + "/"), secret.getBytes(StandardCharsets.US_ASCII),
                serverLog, dataDirectory, database, server, log);
        if (!server.awaitStatus(herald.base.resolve("api/v1/streams/x/events"), 401, STARTUP_TIMEOUT)) {
            herald.close();
            throw new IllegalStateException("Herald did not come up at " + herald.base + "; see " + serverLog);
        }
        return herald;
    }

    /** Stops the server before the database it uses, then removes the database's files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop();
        log.close();
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
