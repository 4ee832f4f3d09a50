package herald.it;

import herald.dev.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The PostgreSQL the tests run against: {@code HERALD_TEST_DB_URL} if set, else an embedded one of their own. */
record TestDatabase(String jdbcUrl, String user, String password, EmbeddedDatabase embedded) implements AutoCloseable {

    static TestDatabase start() {
        String url = System.getenv("HERALD_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new TestDatabase(url, System.getenv("HERALD_TEST_DB_USER"), System.getenv("HERALD_TEST_DB_PASSWORD"), null);
        }
        try {
            // thrown away after the run: speed over durability (fsync off)
            EmbeddedDatabase embedded = EmbeddedDatabase.start(Files.createTempDirectory("herald-it-postgres"), false, false);
            return new TestDatabase(embedded.jdbcUrl(), null, null, embedded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
