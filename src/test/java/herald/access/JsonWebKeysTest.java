package herald.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import herald.dev.TokenSigner;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * [ACCESS-JWKS]: keys from the identity provider's JWK set, served by this test over loopback HTTP and rotated
 * the way providers rotate them. The clock is the test's: it moves, nothing sleeps.
 */
class JsonWebKeysTest {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final KeyPair OLD = generate("RSA", null);
    private static final KeyPair NEW = generate("RSA", null);
    private static final KeyPair P256 = generate("EC", "secp256r1");
    private static final KeyPair P384 = generate("EC", "secp384r1");
    private static final KeyPair ED25519 = generate("Ed25519", null);
    private static final KeyPair ED448 = generate("Ed448", null);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger reads = new AtomicInteger();
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private HttpServer provider;

    @BeforeEach
    void startProvider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        provider.createContext("/realms/acme/protocol/openid-connect/certs", exchange -> {
            reads.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        provider.start();
        Logger.getLogger(JsonWebKeys.class.getName()).addHandler(logCapture);
        Logger.getLogger(KeySet.class.getName()).addHandler(logCapture);
    }

    @AfterEach
    void stopProvider() {
        Logger.getLogger(JsonWebKeys.class.getName()).removeHandler(logCapture);
        Logger.getLogger(KeySet.class.getName()).removeHandler(logCapture);
        provider.stop(0);
    }

    @Test
    void aNewKeyIsPickedUpAtItsFirstTokenWithOneRead() {
        publish(jwk("old", OLD));
        Tokens tokens = tokens(Optional.empty());
        assertEquals(1, reads.get(), "read once at start");
        now.set(now.get().plusSeconds(60));

        publish(jwk("old", OLD), jwk("new", NEW));
        assertEquals("alice", tokens.verify(token("RS256", "new", NEW)).subject());
        assertEquals(2, reads.get(), "one read for the unknown kid");
        assertEquals("alice", tokens.verify(token("RS256", "new", NEW)).subject());
        assertEquals("alice", tokens.verify(token("RS256", "old", OLD)).subject());
        assertEquals(2, reads.get(), "known kids are served from the cache");
    }

    @Test
    void anOldKeyStaysValidUntilARefreshNoLongerFindsIt() {
        publish(jwk("old", OLD), jwk("new", NEW));
        Tokens tokens = tokens(Optional.empty());
        String oldToken = token("RS256", "old", OLD);
        assertEquals("alice", tokens.verify(oldToken).subject());

        publish(jwk("new", NEW)); // the provider retires the old key
        now.set(now.get().plusSeconds(10));
        assertEquals("alice", tokens.verify(oldToken).subject(), "still in the cached set");

        now.set(now.get().plusSeconds(30));
        refused(tokens, token("RS256", "forged", NEW)); // an unknown kid: the next refresh
        assertEquals(2, reads.get());
        refused(tokens, oldToken);
        assertEquals("alice", tokens.verify(token("RS256", "new", NEW)).subject());
    }

    @Test
    void aRemovedKeyIsRefusedOnceTheCachedSetIsFiveMinutesOldEvenWithoutAnUnknownKid() {
        publish(jwk("old", OLD));
        Tokens tokens = tokens(Optional.empty());
        String oldToken = token("RS256", "old", OLD);
        publish(jwk("new", NEW));

        now.set(now.get().plus(JsonWebKeys.MAX_AGE).minusSeconds(1));
        assertEquals("alice", tokens.verify(oldToken).subject());
        assertEquals(1, reads.get());
        now.set(now.get().plusSeconds(1));
        refused(tokens, oldToken);
        assertEquals(2, reads.get());
    }

    @Test
    void forgedKidsReadTheSetAtMostOncePer30Seconds() {
        publish(jwk("old", OLD));
        Tokens tokens = tokens(Optional.empty());
        now.set(now.get().plusSeconds(30));
        for (int i = 0; i < 50; i++) {
            refused(tokens, token("RS256", "forged-" + i, NEW));
        }
        assertEquals(2, reads.get(), "the start, and one refresh for 50 forged kids");

        publish(jwk("old", OLD), jwk("new", NEW));
        now.set(now.get().plusSeconds(29));
        refused(tokens, token("RS256", "new", NEW)); // a genuine new kid too: no read is allowed yet
        assertEquals(2, reads.get());

        now.set(now.get().plusSeconds(1));
        assertEquals("alice", tokens.verify(token("RS256", "new", NEW)).subject());
        refused(tokens, token("RS256", "forged-again", NEW));
        assertEquals(3, reads.get());
    }

    @Test
    void aFailedReadKeepsTheLastGoodSetAndIsLoggedWithoutTheToken() {
        publish(jwk("old", OLD));
        Tokens tokens = tokens(Optional.empty());
        String forged = token("RS256", "forged", NEW);

        status.set(503);
        now.set(now.get().plusSeconds(30));
        refused(tokens, forged);
        assertEquals("alice", tokens.verify(token("RS256", "old", OLD)).subject());

        status.set(200);
        published.set("<html>maintenance</html>");
        now.set(now.get().plusSeconds(30));
        refused(tokens, forged);
        published.set("{\"keys\":{}}");
        now.set(now.get().plusSeconds(30));
        refused(tokens, forged);
        assertEquals("alice", tokens.verify(token("RS256", "old", OLD)).subject());
        assertEquals(4, reads.get());

        List<LogRecord> warnings = logged.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
        assertTrue(warnings.stream().allMatch(r -> r.getLoggerName().equals(JsonWebKeys.class.getName())));
        assertEquals(3, warnings.size(), () -> messages(logged));
        assertTrue(warnings.get(0).getMessage().contains("answered 503"), warnings.get(0).getMessage());
        assertTrue(warnings.get(1).getMessage().contains("not JSON"), warnings.get(1).getMessage());
        assertTrue(warnings.get(2).getMessage().contains("no \"keys\" array"), warnings.get(2).getMessage());
        for (LogRecord warning : warnings) {
            assertTrue(warning.getMessage().contains("keeping the 1 keys"), warning.getMessage());
            assertFalse(warning.getMessage().contains(forged.substring(0, 20)), "never a token in a log");
            assertFalse(warning.getMessage().contains(forged.substring(forged.lastIndexOf('.') + 1)));
        }
    }

    @Test
    void aProviderDownAtStartDoesNotKeepHeraldFromStartingAndIsReadAgain30SecondsLater() {
        status.set(503);
        publish(jwk("old", OLD));
        Tokens tokens = tokens(Optional.empty());
        refused(tokens, token("RS256", "old", OLD));
        assertEquals(1, reads.get());

        status.set(200);
        now.set(now.get().plusSeconds(30));
        assertEquals("alice", tokens.verify(token("RS256", "old", OLD)).subject());
        assertEquals(2, reads.get());
    }

    @Test
    void everySupportedAlgorithmVerifiesWithAKeyOfItsType() {
        publish(jwk("rsa", OLD), jwk("p256", P256), jwk("p384", P384),
                jwk("ed25519", ED25519), jwk("ed448", ED448));
        Tokens tokens = tokens(Optional.empty());
        for (String algorithm : List.of("RS256", "RS384", "RS512", "PS256")) {
            assertEquals("alice", tokens.verify(token(algorithm, "rsa", OLD)).subject(), algorithm);
        }
        assertEquals("alice", tokens.verify(token("ES256", "p256", P256)).subject());
        assertEquals("alice", tokens.verify(token("ES384", "p384", P384)).subject());
        assertEquals("alice", tokens.verify(token("EdDSA", "ed25519", ED25519)).subject());
        assertEquals("alice", tokens.verify(token("EdDSA", "ed448", ED448)).subject());
        assertEquals(1, reads.get());

        refused(tokens, token("RS256", "rsa", NEW)); // the kid is right, the signature another key's
        refused(tokens, token("EdDSA", "ed25519", ED448));
        String ed = token("EdDSA", "ed25519", ED25519);
        refused(tokens, ed.substring(0, ed.lastIndexOf('.') + 1) + BASE64URL.encodeToString(new byte[64]));
    }

    @Test
    void aTokenWithoutAKidIsVerifiedByTheKeysOfItsAlgorithm() {
        publish(jwk("old", OLD), jwk("p256", P256));
        Tokens tokens = tokens(Optional.empty());
        assertEquals("alice", tokens.verify(token("RS256", null, OLD)).subject());
        assertEquals("alice", tokens.verify(token("ES256", null, P256)).subject());
        refused(tokens, token("RS256", null, NEW));
        assertEquals(1, reads.get(), "no kid, no refresh");
    }

    @Test
    void theTokensAlgorithmMustFitTheKeysTypeCurveAndAlg() throws GeneralSecurityException {
        JsonObjectBuilder rs512Only = jwk("rs512", NEW).add("alg", "RS512");
        publish(jwk("rsa", OLD), jwk("p256", P256), jwk("ed25519", ED25519), rs512Only);
        Tokens tokens = tokens(Optional.of(TokensTest.SECRET));

        refused(tokens, token("RS256", "p256", OLD)); // an RS256 header cannot borrow the EC key's kid
        refused(tokens, token("ES384", "p256", P256)); // nor ES384 a P-256 key
        refused(tokens, token("EdDSA", "rsa", ED25519));
        refused(tokens, token("RS256", "rs512", NEW)); // the JWK says RS512 only
        assertEquals("alice", tokens.verify(token("RS512", "rs512", NEW)).subject());

        JsonObject claims = claims();
        JsonObject noneHeader = Json.createObjectBuilder().add("alg", "none").add("kid", "rsa").build();
        String unsigned = TokenSigner.signingInput(noneHeader, claims);
        refused(tokens, unsigned + "." + token("RS256", "rsa", OLD).split("\\.")[2]);
        refused(tokens, unsigned + ".");

        // HS256 "signed" with the RSA key's public encoding, naming its kid: only the shared secret verifies HS256
        JsonObject hsHeader = Json.createObjectBuilder().add("alg", "HS256").add("kid", "rsa").build();
        String signingInput = TokenSigner.signingInput(hsHeader, claims);
        for (byte[] secret : List.of(OLD.getPublic().getEncoded(), pem(OLD.getPublic()))) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            refused(tokens, signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void keysForAnotherUseAndMalformedKeysAreLeftOutAndTheRestKept() throws GeneralSecurityException {
        KeyPairGenerator smallGenerator = KeyPairGenerator.getInstance("RSA");
        smallGenerator.initialize(1024);
        KeyPair small = smallGenerator.generateKeyPair();
        ECPublicKey p256 = (ECPublicKey) P256.getPublic();
        publish(jwk("enc", NEW).add("use", "enc"),
                jwk("wrap", NEW).add("key_ops", Json.createArrayBuilder().add("wrapKey")),
                jwk("small", small),
                jwk("broken", NEW).add("n", "not base64url!"),
                jwk("off-curve", P256).add("y", BASE64URL.encodeToString(
                        p256.getW().getAffineY().add(BigInteger.ONE).toByteArray())),
                Json.createObjectBuilder().add("kty", "oct").add("kid", "hmac")
                        .add("k", BASE64URL.encodeToString(TokensTest.SECRET.getBytes(StandardCharsets.US_ASCII))),
                jwk("old", OLD).add("use", "sig").add("key_ops", Json.createArrayBuilder().add("verify")));
        Tokens tokens = tokens(Optional.empty());
        assertEquals("alice", tokens.verify(token("RS256", "old", OLD)).subject());
        refused(tokens, token("RS256", "enc", NEW));
        refused(tokens, token("RS256", "wrap", NEW));
        refused(tokens, token("RS256", "small", small));
        refused(tokens, token("RS256", "broken", NEW));
        refused(tokens, token("ES256", "off-curve", P256));
        refused(tokens, TokenSigner.hs256(TokensTest.SECRET.getBytes(StandardCharsets.US_ASCII), claims()));
        // other uses and types are left out silently; malformed keys with a warning that says which and why
        assertEquals(List.of(
                "WARNING JWK set: key small has an RSA modulus of 1024 bits, fewer than 2048; left out",
                "WARNING JWK set: key broken has a n that is not base64url; left out",
                "WARNING JWK set: key off-curve is not a point on secp256r1; left out"),
                logged.stream().filter(r -> r.getLevel().intValue() > Level.INFO.intValue())
                        .map(r -> r.getLevel() + " " + r.getMessage()).toList(),
                "a left-out key is not a failed read");
    }

    @Test
    void sharedSecretTokensKeepWorkingBesideTheJwkSet() {
        publish(jwk("old", OLD));
        Tokens tokens = tokens(Optional.of(TokensTest.SECRET));
        assertEquals("alice", tokens.verify(TokenSigner.hs256(TokensTest.SECRET.getBytes(StandardCharsets.US_ASCII), claims())).subject());
        assertEquals("alice", tokens.verify(token("RS256", "old", OLD)).subject());
        InvalidToken refused = refused(tokens, token("RS256", "unknown", NEW));
        assertEquals("Signed JWT rejected: Another algorithm expected, or no matching key(s) found", refused.getMessage());
    }

    @Test
    void aFileUrlServesTheSetToo() throws IOException {
        Path file = Files.createTempFile("herald-jwks", ".json");
        try {
            Files.writeString(file, jwks(jwk("old", OLD)));
            Tokens tokens = tokens(Optional.empty(), file.toUri().toString());
            assertEquals("alice", tokens.verify(token("RS256", "old", OLD)).subject());

            Files.writeString(file, jwks(jwk("new", NEW)));
            now.set(now.get().plusSeconds(30));
            assertEquals("alice", tokens.verify(token("RS256", "new", NEW)).subject());
            refused(tokens, token("RS256", "old", OLD));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void onlyHttpsFileAndLoopbackHttpLocationsAreAcceptedAtStart() {
        for (String location : List.of("http://10.0.0.1/certs", "http://localhost/certs", "http://127.0.0.1.example/certs",
                "http://128.0.0.1/certs", "ftp://127.0.0.1/certs", "keycloak.example/certs", "https:///certs",
                "file:relative.json", "file://host/etc/jwks.json", "not a url")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> tokens(Optional.of(TokensTest.SECRET), location), location);
            assertTrue(refused.getMessage().startsWith("herald.jwt.jwks-url (HERALD_JWT_JWKS_URL)"), refused.getMessage());
        }
        assertEquals(0, reads.get(), "refused before any read");
        publish(jwk("old", OLD));
        tokens(Optional.empty(), "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/acme/protocol/openid-connect/certs");
        assertEquals(1, reads.get());
    }

    private Tokens tokens(Optional<String> secret) {
        return tokens(secret, "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/acme/protocol/openid-connect/certs");
    }

    private Tokens tokens(Optional<String> secret, String jwksUrl) {
        Tokens tokens = new Tokens();
        tokens.secret = secret;
        tokens.publicKey = Optional.empty();
        tokens.jwksUrl = Optional.of(jwksUrl);
        tokens.issuer = Optional.empty();
        tokens.clock = now::get;
        tokens.configure();
        return tokens;
    }

    private static InvalidToken refused(Tokens tokens, String token) {
        return assertThrows(InvalidToken.class, () -> tokens.verify(token));
    }

    private static String token(String algorithm, String kid, KeyPair key) {
        return TokenSigner.sign(algorithm, kid, key.getPrivate(), claims());
    }

    private static JsonObject claims() {
        return Json.createObjectBuilder().add("aud", "acme").add("sub", "alice")
                .add("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond()).build();
    }

    @SafeVarargs
    private void publish(JsonObjectBuilder... keys) {
        published.set(jwks(keys));
    }

    private static String jwks(JsonObjectBuilder... keys) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        Arrays.stream(keys).forEach(array::add);
        return Json.createObjectBuilder().add("keys", array).build().toString();
    }

    private static JsonObjectBuilder jwk(String kid, KeyPair pair) {
        return Json.createObjectBuilder(TokenSigner.jwk(kid, pair.getPublic()));
    }

    private static byte[] pem(PublicKey key) {
        return ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String messages(List<LogRecord> records) {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList().toString();
    }

    private static KeyPair generate(String algorithm, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
