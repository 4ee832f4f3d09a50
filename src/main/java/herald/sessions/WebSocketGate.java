package herald.sessions;

import herald.access.Caller;
import herald.failures.ErrorEnvelope;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stands in front of both WebSocket endpoints (declared in web.xml, so it runs before the container's own
 * upgrade filter) and refuses an upgrade while it is still plain HTTP, where a status and a body can still be
 * sent: 426 for a plain GET or another WebSocket version, 400 for a request that asks for a WebSocket but is
 * no opening handshake, 403 for a browser Origin not allowed, 401 without a valid credential. An
 * admitted upgrade carries its {@link Caller} as the user principal, which the endpoint reads from its session.
 */
public class WebSocketGate extends HttpFilter {

    @Inject
    @ConfigProperty(name = "herald.ws.allowed-origins")
    Optional<String> allowedOrigins;

    @Inject
    AnonymousCallers anonymous;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            refuse(response, 426, "EUPGRADE_REQUIRED", "This endpoint speaks WebSocket only");
            return;
        }
        String fault = upgradeFault(request);
        if (fault != null) { // left to the container, these got its 500 page (issue 12)
            refuse(response, 400, "EUPGRADE_INVALID", "Not a WebSocket upgrade: " + fault);
            return;
        }
        if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
            response.setHeader("Sec-WebSocket-Version", "13"); // RFC 6455 §4.4: the versions spoken
            refuse(response, 426, "EUPGRADE_REQUIRED", "Only WebSocket version 13 is spoken");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin, request)) {
            refuse(response, 403, "ESTATUS_FORBIDDEN", "Origin " + origin + " is not allowed");
            return;
        }
        Optional<Caller> caller = Caller.of(request).or(() -> anonymous.forPath(request));
        if (caller.isEmpty()) {
            refuse(response, 401, "ETOKEN_INVALID", Caller.refusal(request).orElse("A ticket (?token=) is required"));
            return;
        }
        chain.doFilter(new AuthenticatedUpgrade(request, caller.get()), response);
    }

    /** What makes this request, which asks for a WebSocket, not an opening handshake (RFC 6455 §4.2.1); null if nothing. */
    private static String upgradeFault(HttpServletRequest request) {
        if ("HTTP/1.0".equals(request.getProtocol())) {
            return "HTTP/1.1 is required";
        }
        if (!"GET".equals(request.getMethod())) {
            return "the method must be GET";
        }
        String connection = request.getHeader("Connection");
        if (connection == null || Arrays.stream(connection.split(",")).map(String::strip).noneMatch("upgrade"::equalsIgnoreCase)) {
            return "Connection: Upgrade is missing";
        }
        String key = request.getHeader("Sec-WebSocket-Key");
        if (key == null || key.isBlank()) {
            return "Sec-WebSocket-Key is missing";
        }
        return null;
    }

    private boolean originAllowed(String origin, HttpServletRequest request) {
        Set<String> allowed = allowedOrigins.filter(list -> !list.isBlank())
                .map(list -> Arrays.stream(list.split(",")).map(String::strip).map(PublicOrigin::normalize)
                        .collect(Collectors.toSet()))
                .orElse(null);
        if (allowed != null) {
            return allowed.contains("*") || allowed.contains(PublicOrigin.normalize(origin));
        }
        String host = request.getHeader("Host");
        try {
            return host != null && host.equalsIgnoreCase(hostAndPort(URI.create(origin)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String hostAndPort(URI origin) {
        return origin.getPort() < 0 ? origin.getHost() : origin.getHost() + ":" + origin.getPort();
    }

    private static void refuse(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(ErrorEnvelope.json(status, code, message));
    }

    /** The upgrade request with the caller as its principal, whatever the server made of the login. */
    private static final class AuthenticatedUpgrade extends HttpServletRequestWrapper {
        private final Caller caller;

        AuthenticatedUpgrade(HttpServletRequest request, Caller caller) {
            super(request);
            this.caller = caller;
        }

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.hasRole(role);
        }
    }

    /** Origins compare as lower-case {@code scheme://host[:port]} without a trailing slash. */
    static final class PublicOrigin {
        private PublicOrigin() {
        }

        static String normalize(String origin) {
            return origin.strip().replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        }
    }
}
