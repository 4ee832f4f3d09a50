package herald.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;

/**
 * Verifies Bearer JWTs. Each key verifies only the algorithm it is meant for, which is what defeats
 * algorithm confusion (an HS256 token "signed" with the RSA public key finds no HMAC key to check it).
 * Keys come from up to three sources, side by side: the shared secret, one PEM public key, and the
 * identity provider's JWK set ({@link JsonWebKeys}, chosen by the token's kid).
 * A startup bean, so that a deployment without a usable key fails at once instead of at the first request.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // verification is thread-safe; no lock needed
public class Tokens {

    static final int MIN_SECRET_BYTES = 32;
    static final int CLOCK_SKEW_SECONDS = 60;

    private static final Logger LOG = Logger.getLogger(Tokens.class.getName());

    @Inject
    @ConfigProperty(name = "herald.jwt.secret")
    Optional<String> secret;

    @Inject
    @ConfigProperty(name = "herald.jwt.public-key")
    Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = JwksLocation.KEY)
    Optional<String> jwksUrl;

    @Inject
    @ConfigProperty(name = "herald.jwt.issuer")
    Optional<String> issuer;

    /** What times the JWK set's refreshes; tests set their own so as not to wait 30 s. */
    InstantSource clock = InstantSource.system();

    private ConfigurableJWTProcessor<SecurityContext> processor;

    @PostConstruct
    void configure() {
        Key hmacKey = secret.filter(value -> !value.isBlank()).map(Tokens::hmacKey).orElse(null);
        PublicKey signatureKey = publicKey.filter(value -> !value.isBlank()).map(PublicKeys::load).orElse(null);
        JwksLocation jwks = jwksUrl.filter(value -> !value.isBlank()).map(JwksLocation::of).orElse(null);
        if (hmacKey == null && signatureKey == null && jwks == null) {
            throw new IllegalStateException("Herald needs a token key: set HERALD_JWT_SECRET (HS256),"
                    + " HERALD_JWT_PUBLIC_KEY (RS256/ES256) or HERALD_JWT_JWKS_URL (the identity provider's keys)");
        }
        JsonWebKeys jsonWebKeys = jwks == null ? null : new JsonWebKeys(jwks, clock);
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keySelector(hmacKey, signatureKey, jsonWebKeys));
        processor.setJWSVerifierFactory(new EdDsaVerifier.OrDefault());
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null,
                issuer.map(iss -> new JWTClaimsSet.Builder().issuer(iss).build()).orElse(null),
                Set.of(Claims.aud.name()), null);
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        LOG.info(() -> "Bearer tokens verified with" + (hmacKey != null ? " the HS256 secret;" : "")
                + (signatureKey instanceof RSAPublicKey ? " the RS256 public key;" : "")
                + (signatureKey instanceof ECPublicKey ? " the ES256 public key;" : "")
                + (jwks != null ? " the JWK set of " + jwks + ";" : "")
                + issuer.map(iss -> " issuer " + iss).orElse(" any issuer"));
    }

    /**
     * The caller a token stands for.
     *
     * @throws InvalidToken with a reason safe to show to the client (it never repeats the token)
     */
    public Caller verify(String token) {
        if (!CompactForm.isJws(token)) {
            throw new InvalidToken("token is not a compact-serialised JWT");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | RuntimeException e) { // a header or claims of another JSON type: "null", []
            throw new InvalidToken("token is not a signed JWT");
        } catch (BadJOSEException e) {
            throw new InvalidToken(e.getMessage());
        } catch (JOSEException e) {
            throw new InvalidToken("token could not be verified");
        }
        List<String> audiences = claims.getAudience();
        if (audiences.size() != 1 || audiences.get(0).isBlank()) {
            throw new InvalidToken("token must name exactly one audience (aud)");
        }
        Set<String> roles = new HashSet<>();
        try {
            List<String> groups = claims.getStringListClaim(Claims.groups.name());
            if (groups != null) {
                roles.addAll(groups);
            }
        } catch (ParseException e) {
            throw new InvalidToken("groups must be an array of strings");
        }
        return new Caller(audiences.get(0), claims.getSubject(), roles, asClaims(claims, audiences.get(0), roles));
    }

    private static Key hmacKey(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("HERALD_JWT_SECRET must be at least " + MIN_SECRET_BYTES
                    + " bytes long (it has " + bytes.length + ")");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    private static JWSKeySelector<SecurityContext> keySelector(Key hmacKey, PublicKey signatureKey,
                                                               JsonWebKeys jsonWebKeys) {
        return (header, context) -> {
            JWSAlgorithm algorithm = header.getAlgorithm();
            if (JWSAlgorithm.HS256.equals(algorithm)) {
                return hmacKey == null ? List.of() : List.of(hmacKey);
            }
            List<Key> keys = new ArrayList<>(2);
            if (JWSAlgorithm.RS256.equals(algorithm) && signatureKey instanceof RSAPublicKey
                    || JWSAlgorithm.ES256.equals(algorithm) && signatureKey instanceof ECPublicKey) {
                keys.add(signatureKey);
            }
            if (jsonWebKeys != null && JsonWebKey.ALGORITHMS.contains(algorithm)) {
                keys.addAll(jsonWebKeys.keysFor(Optional.ofNullable(header.getKeyID()), algorithm));
            }
            return keys;
        };
    }

    /** Claims in the types {@link org.eclipse.microprofile.jwt.JsonWebToken} promises. */
    private static Map<String, Object> asClaims(JWTClaimsSet claims, String audience, Set<String> roles) {
        Map<String, Object> result = new HashMap<>();
        claims.getClaims().forEach((name, value) -> {
            if (value != null) {
                result.put(name, value instanceof Date date ? date.getTime() / 1000 : value);
            }
        });
        result.put(Claims.aud.name(), Set.of(audience));
        result.put(Claims.groups.name(), Set.copyOf(roles));
        return result;
    }
}
