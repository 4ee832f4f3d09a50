package herald.dev;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs JWTs with the JDK alone (HS256, RS256), for tests and for the run command's ready-made token.
 * Deliberately independent of the library Herald verifies with, so the two check each other.
 */
public final class TokenSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private TokenSigner() {
    }

    public static String hs256(byte[] secret, JsonObject claims) {
        String signingInput = signingInput("HS256", claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(bytes(signingInput)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rs256(PrivateKey key, JsonObject claims) {
        String signingInput = signingInput("RS256", claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(bytes(signingInput));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}), which Herald must refuse. */
    public static String unsigned(JsonObject claims) {
        return signingInput("none", claims) + ".";
    }

    public static String signingInput(String algorithm, JsonObject claims) {
        JsonObject header = Json.createObjectBuilder().add("alg", algorithm).add("typ", "JWT").build();
        return BASE64URL.encodeToString(bytes(header.toString())) + "." + BASE64URL.encodeToString(bytes(claims.toString()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
