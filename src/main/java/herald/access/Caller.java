package herald.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of a request, whatever the credential was: a verified JWT's claims, or a Basic
 * user acting in the configured audience. Immutable.
 */
public final class Caller implements JsonWebToken {

    static final String ATTRIBUTE = Caller.class.getName();

    public static final String CONNECTOR = "connector";
    public static final String ADMIN = "admin";

    private final String audience;
    private final String subject;
    private final Set<String> roles;
    private final Map<String, Object> claims;

    Caller(String audience, String subject, Set<String> roles, Map<String, Object> claims) {
        this.audience = audience;
        this.subject = subject;
        this.roles = Set.copyOf(roles);
        this.claims = Map.copyOf(claims);
    }

    static Caller basicUser(String name, String audience) {
        return new Caller(audience, name, Set.of(), Map.of(
                Claims.sub.name(), name,
                Claims.aud.name(), Set.of(audience),
                Claims.groups.name(), Set.of()));
    }

    /**
     * A caller on a trusted network without credentials (Notifier drop-in mode): acts in {@code audience} with
     * the connector role, like the original's unauthenticated connectors.
     */
    public static Caller trustedNetwork(String audience) {
        return new Caller(audience, null, Set.of(CONNECTOR), Map.of(
                Claims.aud.name(), Set.of(audience),
                Claims.groups.name(), Set.of(CONNECTOR)));
    }

    /** The caller the authentication mechanism established for this request, if any. */
    public static Optional<Caller> of(HttpServletRequest request) {
        return Optional.ofNullable((Caller) request.getAttribute(ATTRIBUTE));
    }

    /** Why the credentials of this request were refused, or empty if it had none or they were valid. */
    public static Optional<String> refusal(HttpServletRequest request) {
        return Optional.ofNullable((String) request.getAttribute(Refusal.ATTRIBUTE));
    }

    public String audience() {
        return audience;
    }

    /** The {@code sub} of the token or the Basic user name; null for a token without {@code sub}. */
    public String subject() {
        return subject;
    }

    public Set<String> roles() {
        return roles;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    @Override
    public String getName() {
        return subject;
    }

    @Override
    public Set<String> getClaimNames() {
        return claims.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        return (T) claims.get(claimName);
    }

    @Override
    public String toString() {
        return "Caller[" + audience + "/" + subject + " " + roles + "]"; // never the raw token
    }

    /** Marks a request whose credentials were refused; read back through {@link Caller#refusal}. */
    static final class Refusal {
        static final String ATTRIBUTE = Refusal.class.getName();

        private Refusal() {
        }
    }
}
