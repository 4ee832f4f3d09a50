package herald.dev;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs JWTs with the JDK alone (HS256, RS256, and with a kid every algorithm a JWK set may hold), for tests
 * and for the run command's ready-made token.
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

    /**
     * A token whose header names {@code kid} (none if null), signed under {@code algorithm}: RS256/384/512,
     * PS256, ES256/384 or EdDSA. The key is not checked against the algorithm, so tests can mismatch them.
     */
    public static String sign(String algorithm, String kid, PrivateKey key, JsonObject claims) {
        var header = Json.createObjectBuilder().add("alg", algorithm).add("typ", "JWT");
        if (kid != null) {
            header.add("kid", kid);
        }
        String signingInput = signingInput(header.build(), claims);
        try {
            Signature signature = switch (algorithm) {
                case "RS256", "RS384", "RS512" -> Signature.getInstance("SHA" + algorithm.substring(2) + "withRSA");
                case "ES256", "ES384" -> Signature.getInstance("SHA" + algorithm.substring(2) + "withECDSAinP1363Format");
                case "EdDSA" -> Signature.getInstance("EdDSA");
                case "PS256" -> {
                    Signature pss = Signature.getInstance("RSASSA-PSS");
                    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    yield pss;
                }
                default -> throw new IllegalArgumentException("no signer for " + algorithm);
            };
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
        return signingInput(Json.createObjectBuilder().add("alg", algorithm).add("typ", "JWT").build(), claims);
    }

    public static String signingInput(JsonObject header, JsonObject claims) {
        return BASE64URL.encodeToString(bytes(header.toString())) + "." + BASE64URL.encodeToString(bytes(claims.toString()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
