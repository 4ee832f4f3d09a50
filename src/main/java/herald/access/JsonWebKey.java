package herald.access;

import com.nimbusds.jose.JWSAlgorithm;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * One signature-verification key of a JWK set (RFC 7517), and the algorithms it may verify: those its type
 * and curve are for, narrowed to its {@code alg} when it names one. That pairing is what keeps a token from
 * choosing how its key is used (an RS256 header cannot borrow an EC key, an HS256 one never finds a JWK).
 *
 * @param kid        the key id, or null when the key has none
 * @param key        the JDK public key
 * @param algorithms the JWS algorithms this key verifies, never empty
 */
record JsonWebKey(String kid, PublicKey key, Set<JWSAlgorithm> algorithms) {

    /** Every algorithm a JWK set can provide a key for. Symmetric keys are never taken from a published set. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.EdDSA);

    /** Below this, RSA signatures are forgeable with public effort; RFC 7518 §3.3 requires 2048 too. */
    static final int MIN_RSA_BITS = 2048;

    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256);
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /** X.509 SubjectPublicKeyInfo up to the key bytes, for RFC 8037 keys (the JDK builds EdDSA keys from it). */
    private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] ED448_PREFIX = HexFormat.of().parseHex("3043300506032b6571033a00");

    boolean verifies(JWSAlgorithm algorithm) {
        return algorithms.contains(algorithm);
    }

    /**
     * The verification key a JWK describes; empty for a key Herald does not verify with: another use
     * ({@code use} other than {@code sig}, {@code key_ops} without {@code verify}), a type or curve without a
     * supported algorithm (symmetric {@code oct} keys included), an {@code alg} its type is not for.
     *
     * @throws IllegalArgumentException for a key of a supported type whose parameters are malformed
     */
    static Optional<JsonWebKey> parse(JsonObject jwk) {
        if (!"sig".equals(string(jwk, "use", "sig")) || !allowsVerify(jwk)) {
            return Optional.empty();
        }
        String kid = string(jwk, "kid", null);
        String kty = string(jwk, "kty", "");
        Set<JWSAlgorithm> forType;
        PublicKey key;
        try {
            switch (kty) {
                case "RSA" -> {
                    forType = RSA;
                    key = rsa(jwk);
                }
                case "EC" -> {
                    String crv = string(jwk, "crv", "");
                    forType = switch (crv) {
                        case "P-256" -> Set.of(JWSAlgorithm.ES256);
                        case "P-384" -> Set.of(JWSAlgorithm.ES384);
                        default -> Set.of();
                    };
                    key = forType.isEmpty() ? null : ec(jwk, crv.equals("P-256") ? "secp256r1" : "secp384r1");
                }
                case "OKP" -> {
                    String crv = string(jwk, "crv", "");
                    forType = crv.equals("Ed25519") || crv.equals("Ed448") ? Set.of(JWSAlgorithm.EdDSA)
                            : Set.of(); // X25519 and X448 are for key agreement
                    key = forType.isEmpty() ? null : crv.equals("Ed25519") ? edwards(jwk, ED25519_PREFIX, 32)
                            : edwards(jwk, ED448_PREFIX, 57);
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key " + kid + " is not a valid " + kty + " key");
        }
        JWSAlgorithm alg = Optional.ofNullable(string(jwk, "alg", null)).map(JWSAlgorithm::parse).orElse(null);
        Set<JWSAlgorithm> algorithms = alg == null ? forType : forType.contains(alg) ? Set.of(alg) : Set.of();
        return algorithms.isEmpty() ? Optional.empty() : Optional.of(new JsonWebKey(kid, key, algorithms));
    }

    private static boolean allowsVerify(JsonObject jwk) {
        JsonValue operations = jwk.get("key_ops");
        return operations == null || operations.getValueType() == JsonValue.ValueType.ARRAY
                && operations.asJsonArray().stream().anyMatch(op -> op instanceof JsonString s && s.getString().equals("verify"));
    }

    private static PublicKey rsa(JsonObject jwk) throws GeneralSecurityException {
        BigInteger modulus = unsigned(jwk, "n");
        if (modulus.bitLength() < MIN_RSA_BITS) {
            throw new IllegalArgumentException("key " + string(jwk, "kid", null) + " has an RSA modulus of "
                    + modulus.bitLength() + " bits, fewer than " + MIN_RSA_BITS);
        }
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, unsigned(jwk, "e")));
    }

    private static PublicKey ec(JsonObject jwk, String curveName) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curveName));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y"));
        if (!onCurve(point, spec.getCurve())) {
            throw new IllegalArgumentException("key " + string(jwk, "kid", null) + " is not a point on " + curveName);
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    /** y² = x³ + ax + b (mod p), with both coordinates in the field: the JDK's key factory does not check. */
    private static boolean onCurve(ECPoint point, EllipticCurve curve) {
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        return y.pow(2).mod(p).equals(x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p));
    }

    private static PublicKey edwards(JsonObject jwk, byte[] prefix, int length) throws GeneralSecurityException {
        byte[] x = bytes(jwk, "x");
        if (x.length != length) {
            throw new IllegalArgumentException("key " + string(jwk, "kid", null) + " has an x of " + x.length
                    + " bytes, not " + length);
        }
        byte[] encoded = new byte[prefix.length + x.length];
        System.arraycopy(prefix, 0, encoded, 0, prefix.length);
        System.arraycopy(x, 0, encoded, prefix.length, x.length);
        return KeyFactory.getInstance("EdDSA").generatePublic(new X509EncodedKeySpec(encoded));
    }

    private static BigInteger unsigned(JsonObject jwk, String member) {
        return new BigInteger(1, bytes(jwk, member));
    }

    private static byte[] bytes(JsonObject jwk, String member) {
        String value = string(jwk, member, null);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("key " + string(jwk, "kid", null) + " has no " + member);
        }
        try {
            return BASE64URL.decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key " + string(jwk, "kid", null) + " has a " + member + " that is not base64url");
        }
    }

    private static String string(JsonObject jwk, String member, String absent) {
        JsonValue value = jwk.get(member);
        if (value == null) {
            return absent;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw new IllegalArgumentException("JWK member " + member + " is not a string");
    }
}
