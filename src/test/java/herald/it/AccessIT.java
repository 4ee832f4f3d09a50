package herald.it;

import static herald.it.StreamClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import herald.dev.TokenSigner;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * [ACCESS-JWT] [ACCESS-JWKS] [ACCESS-BASIC]: every class of credential failure is refused with 401 and changes
 * nothing; valid HS256 and RS256 tokens, and tokens of the identity provider's JWK set, act in the audience they
 * name. Checked through the Eventserver door, and the Courier door for the error format.
 */
class AccessIT extends DeployedHerald {

    @Test
    void validTokensActInTheirOwnAudience() {
        String audience = unique("tenant");
        String stream = unique("orders");
        StreamClient hs256 = bearer(TokenSigner.hs256(TestServer.SECRET, TestServer.claims(audience, "alice").build()));
        StreamClient rs256 = bearer(TokenSigner.rs256(TestServer.RSA.getPrivate(), TestServer.claims(audience, "bob").build()));
        assertEquals(200, hs256.produce(stream, "shop", event("A", "{}")).statusCode());
        assertEquals(1, EventserverIT.ids(rs256.pull(stream, "c", "A", 10)).size(), "same audience, other key type");

        assertEquals(404, new StreamClient(this, basicProducer()).pull(stream, "c", "A", 10).statusCode(),
                "Basic users act in the default audience, which has no such stream");
        StreamClient otherTenant = bearer(TokenSigner.hs256(TestServer.SECRET,
                TestServer.claims(unique("tenant"), "eve").build()));
        assertEquals(404, otherTenant.pull(stream, "c", "A", 10).statusCode(), "audiences are isolated");
    }

    @Test
    void tokensOfTheIdentityProvidersJwkSetAreChosenByKidAndUnknownKidsAreUnauthorized() throws GeneralSecurityException {
        String audience = unique("tenant");
        String stream = unique("orders");
        JsonObject claims = TestServer.claims(audience, "carol").build();
        StreamClient rs256 = bearer(TokenSigner.sign("RS256", "idp-rsa", TestServer.IDP_RSA.getPrivate(), claims));
        StreamClient edDsa = bearer(TokenSigner.sign("EdDSA", "idp-ed25519", TestServer.IDP_ED25519.getPrivate(), claims));
        assertEquals(200, rs256.produce(stream, "shop", event("A", "{}")).statusCode());
        assertEquals(1, EventserverIT.ids(edDsa.pull(stream, "c", "A", 10)).size());

        // PS256 has no key but the set's; an RS256 token is also tried with the PEM key, so its failure is a signature's
        String noKey = "Signed JWT rejected: Another algorithm expected, or no matching key(s) found";
        String badSignature = "Signed JWT rejected: Invalid signature";
        PrivateKey stranger = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        Map<String, String> refused = Map.of(
                TokenSigner.sign("PS256", "idp-unknown", TestServer.IDP_RSA.getPrivate(), claims), noKey,
                TokenSigner.sign("RS256", "idp-unknown", TestServer.IDP_RSA.getPrivate(), claims), badSignature,
                TokenSigner.sign("PS256", "idp-ed25519", TestServer.IDP_RSA.getPrivate(), claims), noKey, // not its type
                TokenSigner.sign("RS256", "idp-rsa", stranger, claims), badSignature);
        refused.forEach((token, reason) -> {
            HttpResponse<String> response = bearer(token).produce(stream, "shop", event("B", "{}"));
            assertEquals(401, response.statusCode(), reason);
            assertEquals("\"Unauthorized\"", response.body());
            HttpResponse<String> courier = send(request("/v1/topic").header("Authorization", "Bearer " + token).GET().build());
            assertEquals(401, courier.statusCode(), reason);
            assertEquals("{\"code\":\"ETOKEN_INVALID\",\"error\":\"" + reason + "\",\"status\":401}", courier.body());
        });
        assertEquals(1, EventserverIT.ids(rs256.pull(stream, "c2", "A", 10)).size(), "no refused token wrote anything");
    }

    @Test
    void anAudienceArrayOfOneIsAccepted() {
        JsonObject claims = without(TestServer.claims("x", "alice"), "aud")
                .add("aud", Json.createArrayBuilder().add(unique("tenant"))).build();
        assertEquals(200, bearer(TokenSigner.hs256(TestServer.SECRET, claims))
                .produce(unique("s"), "p", event("A", "{}")).statusCode());
    }

    @Test
    void expiryWithinTheLeewayIsTolerated() {
        long now = Instant.now().getEpochSecond();
        JsonObject claims = without(TestServer.claims(unique("tenant"), "alice"), "exp").add("exp", now - 20).build();
        assertEquals(200, bearer(TokenSigner.hs256(TestServer.SECRET, claims))
                .produce(unique("s"), "p", event("A", "{}")).statusCode());
    }

    @Test
    void everyKindOfBadTokenIsUnauthorized() {
        long now = Instant.now().getEpochSecond();
        String audience = unique("tenant");
        JsonObject valid = TestServer.claims(audience, "alice").build();
        byte[] wrongSecret = "another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.US_ASCII);
        byte[] publicKeyAsHmacSecret = ("-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(TestServer.RSA.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
        String signed = TokenSigner.hs256(TestServer.SECRET, valid);
        String[] refused = {
                TokenSigner.unsigned(valid),
                TokenSigner.signingInput("none", valid) + "." + signed.substring(signed.lastIndexOf('.') + 1),
                TokenSigner.hs256(publicKeyAsHmacSecret, valid),
                TokenSigner.hs256(TestServer.RSA.getPublic().getEncoded(), valid),
                TokenSigner.hs256(wrongSecret, valid),
                signed.substring(0, signed.length() - 4) + (signed.endsWith("AAAA") ? "BBBB" : "AAAA"),
                TokenSigner.hs256(TestServer.SECRET, without(TestServer.claims(audience, "a"), "exp").add("exp", now - 120).build()),
                TokenSigner.hs256(TestServer.SECRET, TestServer.claims(audience, "a").add("nbf", now + 120).build()),
                TokenSigner.hs256(TestServer.SECRET, without(TestServer.claims(audience, "a"), "aud").build()),
                TokenSigner.hs256(TestServer.SECRET, without(TestServer.claims(audience, "a"), "aud")
                        .add("aud", Json.createArrayBuilder().add(audience).add("other")).build()),
                TokenSigner.hs256(TestServer.SECRET, TestServer.claims(audience, "a").add("groups", "admin").build()),
                "not-a-jwt",
                "",
        };
        String stream = unique("orders");
        for (int i = 0; i < refused.length; i++) {
            HttpResponse<String> response = bearer(refused[i]).produce(stream, "shop", event("A", "{}"));
            assertEquals(401, response.statusCode(), "token #" + i);
            assertEquals("\"Unauthorized\"", response.body());
        }
        assertEquals(404, bearer(signed).pull(stream, "c", "A", 1).statusCode(), "no refused token wrote anything");
    }

    private StreamClient bearer(String token) {
        return new StreamClient(this, "Bearer " + token);
    }

    private static JsonObjectBuilder without(JsonObjectBuilder claims, String name) {
        return Json.createObjectBuilder(claims.build()).remove(name);
    }
}
