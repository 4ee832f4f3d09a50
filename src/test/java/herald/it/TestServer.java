package herald.it;

import herald.dev.EmbeddedDatabase;
import herald.dev.PayaraDatasource;
import herald.dev.TokenSigner;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.glassfish.embeddable.CommandResult;
import org.glassfish.embeddable.CommandRunner;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.container.spi.event.container.AfterStop;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Prepares the embedded Payara the way an operator prepares a real one, before the WAR is deployed: a real
 * PostgreSQL (embedded, or {@code HERALD_TEST_DB_URL}), the {@code jdbc/herald} datasource created with the
 * same asadmin commands as server-config/, and Herald's settings as system properties (the test JVM is the
 * server JVM). Also holds the credentials the tests use.
 */
public final class TestServer implements LoadableExtension {

    /** HS256 secret of this test run. */
    static final byte[] SECRET = randomSecret();
    /** RS256 key pair of this test run; the public half is configured as HERALD_JWT_PUBLIC_KEY. */
    static final KeyPair RSA = rsaKeyPair();
    static final String BASIC_USER = "producer";
    static final String BASIC_PASSWORD = "producer-" + UUID.randomUUID();
    static final String OTHER_BASIC_USER = "other";
    static final String OTHER_BASIC_PASSWORD = "other-" + UUID.randomUUID();
    static final String BASIC_AUDIENCE = "default";
    static final int HEARTBEAT_SECONDS = 4;
    static final int MAX_CONNECTIONS_PER_USER = 6;
    /** What the run command hands the console when it generated the secret: an admin token of {@code default}. */
    static final String DEV_TOKEN = TokenSigner.hs256(SECRET, claims("default", "admin", "admin").build());

    private static String jdbcUrl;
    private static EmbeddedDatabase embedded;

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(TestServer.class);
    }

    public void prepare(@Observes AfterStart started) throws NamingException {
        jdbcUrl = System.getenv("HERALD_TEST_DB_URL");
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            embedded = EmbeddedDatabase.start(temporaryDirectory(), false);
            jdbcUrl = embedded.jdbcUrl();
        }
        CommandRunner asadmin = (CommandRunner) new InitialContext().lookup(CommandRunner.class.getName());
        for (List<String> command : PayaraDatasource.commands(jdbcUrl, System.getenv("HERALD_TEST_DB_USER"),
                System.getenv("HERALD_TEST_DB_PASSWORD"))) {
            CommandResult result = asadmin.run(command.get(0), command.subList(1, command.size()).toArray(String[]::new));
            if (result.getExitStatus() == CommandResult.ExitStatus.FAILURE) {
                throw new IllegalStateException(command.get(0) + " failed: " + result.getOutput(), result.getFailureCause());
            }
        }
        System.setProperty("herald.jwt.secret", new String(SECRET, StandardCharsets.US_ASCII));
        System.setProperty("herald.jwt.public-key", "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(RSA.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        // Short enough for the heartbeat, announcement and limit tests to wait for them; long enough that a
        // busy test never trips them by accident.
        System.setProperty("herald.ws.heartbeat-seconds", String.valueOf(HEARTBEAT_SECONDS));
        System.setProperty("herald.notifier.announcement-seconds", "2");
        System.setProperty("herald.ws.max-connections-per-user", String.valueOf(MAX_CONNECTIONS_PER_USER));
        System.setProperty("herald.dev.token", DEV_TOKEN);
        System.setProperty("herald.basic.users",
                BASIC_USER + ":" + BASIC_PASSWORD + "," + OTHER_BASIC_USER + ":" + OTHER_BASIC_PASSWORD);
    }

    /** The database goes last, after the server has closed its pool. */
    public void shutdown(@Observes AfterStop stopped) {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** A direct connection to the test database, for asserting what was stored. */
    static Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, System.getenv("HERALD_TEST_DB_USER"),
                System.getenv("HERALD_TEST_DB_PASSWORD"));
    }

    /** Claims every valid test token carries; tests add or remove what they check. */
    static JsonObjectBuilder claims(String audience, String subject, String... groups) {
        long now = Instant.now().getEpochSecond();
        return Json.createObjectBuilder()
                .add("aud", audience)
                .add("sub", subject)
                .add("iat", now)
                .add("exp", now + 300)
                .add("groups", Json.createArrayBuilder(List.of(groups)));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("herald-it-postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        // printable, so it travels as a configuration string: 64 hex characters
        StringBuilder hex = new StringBuilder();
        for (byte b : random) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
