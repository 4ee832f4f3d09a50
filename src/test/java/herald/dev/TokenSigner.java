package herald.dev;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
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

    /**
     * The public half of a key as a JWK (RFC 7517, 7518 §6, 8037), as an identity provider publishes it in its
     * JWK set: RSA, EC on P-256/P-384, or Ed25519/Ed448.
     */
    public static JsonObject jwk(String kid, PublicKey key) {
        var jwk = Json.createObjectBuilder().add("kid", kid);
        if (key instanceof RSAPublicKey rsa) {
            return jwk.add("kty", "RSA").add("n", BASE64URL.encodeToString(unsigned(rsa.getModulus(), 0)))
                    .add("e", BASE64URL.encodeToString(unsigned(rsa.getPublicExponent(), 0))).build();
        }
        if (key instanceof ECPublicKey ec) {
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            return jwk.add("kty", "EC").add("crv", size == 32 ? "P-256" : "P-384")
                    .add("x", BASE64URL.encodeToString(unsigned(ec.getW().getAffineX(), size)))
                    .add("y", BASE64URL.encodeToString(unsigned(ec.getW().getAffineY(), size))).build();
        }
        if (key instanceof EdECPublicKey edwards) {
            String curve = edwards.getParams().getName();
            int size = curve.equals("Ed25519") ? 32 : 57;
            byte[] encoded = key.getEncoded(); // X.509: the raw key RFC 8037 wants is its tail
            return jwk.add("kty", "OKP").add("crv", curve)
                    .add("x", BASE64URL.encodeToString(Arrays.copyOfRange(encoded, encoded.length - size, encoded.length)))
                    .build();
        }
        throw new IllegalArgumentException("no JWK for a " + key.getAlgorithm() + " key");
    }

    /** Big-endian without a sign byte, left-padded to {@code size} bytes when that is more. */
    private static byte[] unsigned(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        int from = bytes[0] == 0 && bytes.length > 1 ? 1 : 0;
        byte[] result = new byte[Math.max(size, bytes.length - from)];
        System.arraycopy(bytes, from, result, result.length - (bytes.length - from), bytes.length - from);
        return result;
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
