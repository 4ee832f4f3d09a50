package herald.notifier;

import herald.access.Caller;
import herald.sessions.AnonymousCallers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code herald.notifier.open=true}: the original Notifier's trust model, for deployments behind a trusted
 * network only. Subscriptions need no ticket and connector calls no token; both act in
 * {@code herald.basic.audience}. Off by default.
 */
@ApplicationScoped
public class DropInMode implements AnonymousCallers.Policy {

    static final String SOCKET_PATH = "/subscribe_to_events";

    @Inject
    @ConfigProperty(name = "herald.notifier.open", defaultValue = "false")
    boolean open;

    @Inject
    @ConfigProperty(name = "herald.basic.audience", defaultValue = "default")
    String audience;

    @Override
    public Optional<Caller> callerFor(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return open && path.equals(SOCKET_PATH) ? Optional.of(Caller.trustedNetwork(audience)) : Optional.empty();
    }

    /** The caller of a connector request without credentials, when drop-in mode allows one. */
    public Optional<Caller> connector() {
        return open ? Optional.of(Caller.trustedNetwork(audience)) : Optional.empty();
    }
}
