package herald.cors;

import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Answers CORS preflights before any resource is matched, and adds the CORS headers to every other answer of a
 * {@link CorsRoute}. A JAX-RS filter rather than a servlet filter: every CORS route is a JAX-RS resource
 * (herald.js included), and response filters also see the answers of exception mappers and of aborted
 * requests, which a servlet filter's headers would not survive where a server resets the response for an
 * error. The authentication mechanism runs before, but answers nothing itself, and a preflight carries no
 * credentials: it is never refused here for want of them.
 */
@Provider
@PreMatching
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** Set on a preflight this filter answered, whose headers are complete. */
    private static final String ANSWERED = CorsFilter.class.getName() + ".answered";

    @Inject
    AllowedOrigins origins;

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        String method = request.getHeaderString("Access-Control-Request-Method");
        if (!HttpMethod.OPTIONS.equals(request.getMethod()) || origin == null || method == null) {
            return;
        }
        Optional<CorsRoute> route = CorsRoute.of(request.getUriInfo().getPath(false));
        if (route.isEmpty()) {
            return;
        }
        new CorsHeaders(origins).preflight(route.get(), origin, request.getHeaderString("Access-Control-Request-Headers"))
                .ifPresent(headers -> {
                    Response.ResponseBuilder answer = Response.noContent();
                    headers.forEach(answer::header);
                    request.setProperty(ANSWERED, true);
                    request.abortWith(answer.build());
                });
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(ANSWERED) != null || CorsRoute.of(request.getUriInfo().getPath(false)).isEmpty()) {
            return;
        }
        new CorsHeaders(origins).answer(request.getHeaderString("Origin"))
                .forEach((name, value) -> {
                    if (name.equals("Vary")) {
                        response.getHeaders().add(name, value);
                    } else {
                        response.getHeaders().putSingle(name, value);
                    }
                });
    }
}
