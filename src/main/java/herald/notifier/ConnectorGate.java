package herald.notifier;

import herald.access.Caller;
import herald.access.RequestCaller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Authenticates every {@link ConnectorsOnly} route before its resource runs: 401 {@code ETOKEN_INVALID}
 * without valid credentials (none at all is accepted in drop-in mode only). {@link ConnectorRole} then
 * checks the role.
 */
@Provider
@ConnectorsOnly
@Priority(Priorities.AUTHENTICATION)
public class ConnectorGate implements ContainerRequestFilter {

    @Context
    HttpServletRequest request;

    @Inject
    DropInMode dropIn;

    @Inject
    RequestCaller caller;

    @Override
    public void filter(ContainerRequestContext context) {
        Optional<Caller> authenticated = Caller.of(request);
        if (authenticated.isEmpty() && Caller.refusal(request).isEmpty()) {
            authenticated = dropIn.connector(); // no credentials at all: acceptable in drop-in mode only
        }
        caller.establish(authenticated.orElseThrow(() -> NotifierFailure.tokenInvalid(
                Caller.refusal(request).orElse("A valid Bearer token is required"))));
    }
}
