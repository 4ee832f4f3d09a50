package herald.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.dev.TokenSigner;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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

    @Test
    void onlyTheExactCompactSerialisationIsAccepted() { // issue 12: no second spelling of a token passes
        long now = Instant.now().getEpochSecond();
        String token = TokenSigner.hs256(SECRET.getBytes(StandardCharsets.US_ASCII), Json.createObjectBuilder()
                .add("aud", "acme").add("sub", "alice").add("exp", now + 60).build());
        Tokens tokens = tokens(Optional.of(SECRET), Optional.empty());
        assertEquals("alice", tokens.verify(token).subject());
        int dot = token.indexOf('.');
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        // 32 signature bytes fill 43 characters: the last one's two lowest bits are unused, so this is the same signature
        String otherBits = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        for (String malleated : List.of(
                token.substring(0, dot) + " " + token.substring(dot),
                token.substring(0, dot + 3) + "\t" + token.substring(dot + 3),
                token + "=",
                token.substring(0, dot) + "=" + token.substring(dot),
                token + ".",
                otherBits)) {
            InvalidToken refused = assertThrows(InvalidToken.class, () -> tokens.verify(malleated), malleated);
            assertTrue(refused.getMessage().startsWith("token is not"), refused.getMessage());
        }
    }

    @Test
    void aHeaderOrClaimsOfAnotherJsonTypeIsAnInvalidTokenNotAFailure() {
        Tokens tokens = tokens(Optional.of(SECRET), Optional.empty());
        String nullHeader = "bnVsbA.eyJhdWQiOiJhY21lIn0.c2ln"; // header: null
        String arrayClaims = "eyJhbGciOiJIUzI1NiJ9.W10.c2ln"; // claims: []
        assertEquals("token is not a signed JWT", assertThrows(InvalidToken.class, () -> tokens.verify(nullHeader)).getMessage());
        assertThrows(InvalidToken.class, () -> tokens.verify(arrayClaims)); // refused at the signature, before the claims
        assertEquals("token is not a compact-serialised JWT",
                assertThrows(InvalidToken.class, () -> tokens.verify("a".repeat(9_000) + ".b.c")).getMessage());
    }

    private static Tokens tokens(Optional<String> secret, Optional<String> publicKey) {
        Tokens tokens = new Tokens();
        tokens.secret = secret;
        tokens.publicKey = publicKey;
        tokens.jwksUrl = Optional.empty();
        tokens.issuer = Optional.empty();
        tokens.configure();
        return tokens;
    }
}
