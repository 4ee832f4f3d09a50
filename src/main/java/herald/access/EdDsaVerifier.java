package herald.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.util.Set;

/**
 * EdDSA (Ed25519, Ed448) verification with the JDK's own implementation. The JOSE library's EdDSA verifier
 * needs Google Tink, which Herald does not ship; JDK 17 has both curves, so one signature call is all it takes.
 */
final class EdDsaVerifier implements JWSVerifier {

    private final PublicKey key;
    private final JCAContext context = new JCAContext();

    EdDsaVerifier(EdECPublicKey key) {
        this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        // Herald understands no critical header parameter, so a token that has one must fail (RFC 7515 §4.1.11),
        // as the library's own verifiers make it.
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())
                || header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return false;
        }
        Signature verifier;
        try {
            verifier = Signature.getInstance("EdDSA");
        } catch (NoSuchAlgorithmException e) {
            throw new JOSEException("this JDK has no EdDSA", e);
        }
        try {
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature.decode());
        } catch (GeneralSecurityException e) { // a signature of the wrong length or encoding is just not valid
            return false;
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
        return context;
    }

    /** The library's verifiers for every other algorithm, this one for EdDSA keys. */
    static final class OrDefault extends DefaultJWSVerifierFactory {

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) && key instanceof EdECPublicKey edwards) {
                return new EdDsaVerifier(edwards);
            }
            return super.createJWSVerifier(header, key);
        }
    }
}
