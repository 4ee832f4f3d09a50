package herald.courier;

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
 * Authenticates every {@link BearerOnly} route before its resource runs: 401 {@code ETOKEN_INVALID} without a
 * valid Bearer token, and for Basic credentials too, however valid (SPEC §2: Courier routes take Bearer
 * tokens only; Basic is the Eventserver door's).
 */
@Provider
@BearerOnly
@Priority(Priorities.AUTHENTICATION)
public class CourierGate implements ContainerRequestFilter {

    @Context
    HttpServletRequest request;

    @Inject
    RequestCaller caller;

    @Override
    public void filter(ContainerRequestContext context) {
        String authorization = context.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw CourierFailure.tokenInvalid("Courier routes take a Bearer token, not Basic credentials");
        }
        caller.establish(Caller.of(request).orElseThrow(() -> CourierFailure.tokenInvalid(
                Caller.refusal(request).orElse("A valid Bearer token is required"))));
    }
}
