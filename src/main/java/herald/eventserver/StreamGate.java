package herald.eventserver;

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

/**
 * Authenticates every {@link BasicOrBearer} route before its resource runs: 401 {@code "Unauthorized"} with a
 * Basic challenge without valid credentials (SPEC §5).
 */
@Provider
@BasicOrBearer
@Priority(Priorities.AUTHENTICATION)
public class StreamGate implements ContainerRequestFilter {

    @Context
    HttpServletRequest request;

    @Inject
    RequestCaller caller;

    @Override
    public void filter(ContainerRequestContext context) {
        caller.establish(Caller.of(request).orElseThrow(StreamFailure::unauthorized));
    }
}
