package herald.it;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.container.spi.event.container.AfterStop;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Prepares the server the way an operator prepares a real one, before the WAR is deployed: a real PostgreSQL
 * (embedded, or {@code HERALD_TEST_DB_URL}), the {@code jdbc/herald} datasource, and Herald's settings. How
 * depends on the server ({@link ServerSetup}): asadmin commands inside embedded Payara, the server-config/
 * scripts for Payara Server and WildFly. Also holds the credentials the tests use.
 */
public final class TestServer implements LoadableExtension {

    /** HS256 secret of this test run. */
    static final byte[] SECRET = randomSecret();
    /** RS256 key pair of this test run; the public half is configured as HERALD_JWT_PUBLIC_KEY. */
    static final KeyPair RSA = rsaKeyPair();
    /**
     * The identity provider's RS256 and EdDSA keys, published (kids {@code idp-rsa}, {@code idp-ed25519}) in a
     * JWK set file that HERALD_JWT_JWKS_URL names: written before the server starts, as an operator would.
     */
    static final KeyPair IDP_RSA = rsaKeyPair();
    static final KeyPair IDP_ED25519 = keyPair("Ed25519");
    private static final Path JWKS = jwksFile();
    static final String BASIC_USER = "producer";
    static final String BASIC_PASSWORD = "producer-" + UUID.randomUUID();
    static final String OTHER_BASIC_USER = "other";
    static final String OTHER_BASIC_PASSWORD = "other-" + UUID.randomUUID();
    static final String BASIC_AUDIENCE = "default";
    static final int HEARTBEAT_SECONDS = 4;
    static final int MAX_CONNECTIONS_PER_USER = 6;
    /** What the run command hands the console when it generated the secret: an admin token of {@code default}. */
    static final String DEV_TOKEN = TokenSigner.hs256(SECRET, claims("default", "admin", "admin").build());

    private static final ServerSetup SERVER = ServerSetup.selected();
    private static TestDatabase database;

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(TestServer.class);
    }

    public void configure(@Observes BeforeStart starting) {
        database = TestDatabase.start();
        SERVER.beforeStart(database, settings());
    }

    public void prepare(@Observes AfterStart started) {
        SERVER.afterStart(database, settings());
    }

    /** The database goes last, after the server has closed its pool. */
    public void shutdown(@Observes AfterStop stopped) {
        try {
            SERVER.afterStop();
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    /** The PostgreSQL of this test run, for a second node that shares it. */
    static TestDatabase testDatabase() {
        if (database == null) {
            throw new IllegalStateException("the test database starts with the server");
        }
        return database;
    }

    /** Herald's settings for the tests, by MicroProfile Config key. */
    static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("herald.jwt.secret", new String(SECRET, StandardCharsets.US_ASCII));
        settings.put("herald.jwt.public-key", "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(RSA.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        settings.put("herald.jwt.jwks-url", JWKS.toUri().toString());
        // Short enough for the heartbeat, announcement and limit tests to wait for them; long enough that a
        // busy test never trips them by accident.
        settings.put("herald.ws.heartbeat-seconds", String.valueOf(HEARTBEAT_SECONDS));
        settings.put("herald.notifier.announcement-seconds", "2");
        settings.put("herald.ws.max-connections-per-user", String.valueOf(MAX_CONNECTIONS_PER_USER));
        settings.put("herald.dev.token", DEV_TOKEN);
        // A list of two: an origin the HTTP tests only name in a header, and the browser test's page.
        settings.put("herald.cors.allowed-origins", CorsIT.LISTED_ORIGIN + ", " + appOrigin());
        settings.put("herald.basic.users",
                BASIC_USER + ":" + BASIC_PASSWORD + "," + OTHER_BASIC_USER + ":" + OTHER_BASIC_PASSWORD);
        return settings;
    }

    /** The origin of the browser app CorsIT serves, on the port the build reserved. */
    static String appOrigin() {
        return "http://127.0.0.1:" + required("herald.it.app.port");
    }

    /** Which server the tests run against ({@code payara-embedded}, {@code payara-server}, {@code wildfly}). */
    static String server() {
        return System.getProperty("herald.it.server", "payara-embedded");
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run the ITs through Maven");
        }
        return value;
    }

    /** A direct connection to the test database, for asserting what was stored. */
    static Connection database() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
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

    private static KeyPair keyPair(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path jwksFile() {
        String jwks = Json.createObjectBuilder().add("keys", Json.createArrayBuilder()
                .add(TokenSigner.jwk("idp-rsa", IDP_RSA.getPublic()))
                .add(TokenSigner.jwk("idp-ed25519", IDP_ED25519.getPublic()))).build().toString();
        try {
            Path file = Files.createTempFile("herald-it-jwks", ".json");
            file.toFile().deleteOnExit();
            return Files.writeString(file, jwks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
