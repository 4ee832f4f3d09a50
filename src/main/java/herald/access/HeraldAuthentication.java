package herald.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The WAR's only authentication mechanism (Payara's MP-JWT refuses HS256, and two mechanisms in one WAR
 * conflict). It never answers a request itself: it records the caller, or why the credentials were refused,
 * and lets the door render the refusal in its own format.
 */
@ApplicationScoped
public class HeraldAuthentication implements HttpAuthenticationMechanism {

    private static final String BEARER = "bearer ";
    private static final String BASIC = "basic ";
    private static final Set<String> SOCKET_PATHS = Set.of("/ws", "/subscribe_to_events");

    @Inject
    Tokens tokens;

    @Inject
    Tickets tickets;

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    @ConfigProperty(name = "herald.basic.audience", defaultValue = "default")
    String basicAudience;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        String ticket = authorization == null && isSocketUpgrade(request) ? request.getParameter("token") : null;
        if (authorization == null && ticket == null) {
            return context.doNothing();
        }
        try {
            Caller caller = ticket != null ? tickets.redeem(ticket) : authenticate(authorization.strip());
            request.setAttribute(Caller.ATTRIBUTE, caller);
            return context.notifyContainerAboutLogin(caller, caller.roles());
        } catch (InvalidToken refused) {
            request.setAttribute(Caller.Refusal.ATTRIBUTE, refused.getMessage());
            return context.doNothing();
        }
    }

    /** Tickets are for WebSocket upgrades only ({@code ?token=}); everywhere else a token goes in a header. */
    private static boolean isSocketUpgrade(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && SOCKET_PATHS.contains(
                request.getRequestURI().substring(request.getContextPath().length()));
    }

    private Caller authenticate(String authorization) {
        String scheme = authorization.length() > 6 ? authorization.substring(0, 7).toLowerCase() : "";
        if (scheme.equals(BEARER)) {
            return tokens.verify(authorization.substring(BEARER.length()).strip());
        }
        if (scheme.startsWith(BASIC)) {
            return basicUser(authorization.substring(BASIC.length()).strip());
        }
        throw new InvalidToken("unsupported Authorization scheme");
    }

    private Caller basicUser(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 1 || !CompactForm.isPrintable(decoded)) { // a NUL would reach PostgreSQL, which refuses it
            throw new InvalidToken("malformed Basic credentials");
        }
        CredentialValidationResult result = identityStores.validate(
                new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            throw new InvalidToken("invalid user name or password");
        }
        return Caller.basicUser(result.getCallerPrincipal().getName(), basicAudience);
    }
}
