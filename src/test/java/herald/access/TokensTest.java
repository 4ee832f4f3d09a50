package herald.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.dev.TokenSigner;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** [ACCESS-KEYS] and the claims a verified token turns into, without a container. */
class TokensTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void aSecretShorterThan32BytesRefusesToStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> tokens(Optional.of("0123456789abcdef0123456789abcde"), Optional.empty()));
        assertTrue(refused.getMessage().contains("at least 32 bytes"), refused.getMessage());
    }

    @Test
    void noKeyAtAllRefusesToStart() {
        assertThrows(IllegalStateException.class, () -> tokens(Optional.empty(), Optional.empty()));
        assertThrows(IllegalStateException.class, () -> tokens(Optional.of(" "), Optional.of("")));
    }

    @Test
    void aMalformedPublicKeyRefusesToStart() {
        assertThrows(IllegalStateException.class, () -> tokens(Optional.empty(), Optional.of("not a key")));
    }

    @Test
    void aVerifiedTokenBecomesACallerOfItsAudience() {
        long now = Instant.now().getEpochSecond();
        String token = TokenSigner.hs256(SECRET.getBytes(StandardCharsets.US_ASCII), Json.createObjectBuilder()
                .add("aud", Json.createArrayBuilder().add("acme")).add("sub", "alice").add("exp", now + 60)
                .add("groups", Json.createArrayBuilder().add("connector")).build());
        Caller caller = tokens(Optional.of(SECRET), Optional.empty()).verify(token);
        assertEquals("acme", caller.audience());
        assertEquals("alice", caller.subject());
        assertEquals(Set.of("connector"), caller.roles());
        assertEquals(Set.of("acme"), caller.getAudience());
        assertEquals(now + 60, caller.getExpirationTime());
        assertTrue(!caller.toString().contains(token), "never the raw token");
    }

    private static Tokens tokens(Optional<String> secret, Optional<String> publicKey) {
        Tokens tokens = new Tokens();
        tokens.secret = secret;
        tokens.publicKey = publicKey;
        tokens.issuer = Optional.empty();
        tokens.configure();
        return tokens;
    }
}
