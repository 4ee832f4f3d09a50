package herald.access;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * A new route is secure without anyone remembering it: every resource method of Herald that neither carries
 * an {@link Authenticating} binding of its door nor is declared {@link Public} gets a filter that refuses
 * requests without an authenticated caller (401, in the door's format through
 * {@link herald.failures.Failures}). Such a method is a mistake, so it is also named at deployment.
 * Methods the JAX-RS runtime generates itself (automatic {@code OPTIONS} and {@code HEAD}) are not Herald's
 * and keep their behaviour; CORS preflights are answered before matching and never get here.
 */
@Provider
public class SecureByDefault implements DynamicFeature {

    private static final Logger LOG = Logger.getLogger(SecureByDefault.class.getName());

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Class<?> type = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        if (type == null || method == null || !type.getName().startsWith("herald.") || isGuarded(type, method)) {
            return;
        }
        LOG.warning(() -> type.getName() + "." + method.getName() + " has no authentication binding and is not"
                + " @Public: it is refused to callers without credentials");
        context.register(CallerRequired.class);
    }

    /** True if the method or its class is declared public or bound to a door's authentication filter. */
    static boolean isGuarded(Class<?> type, Method method) {
        return isGuarded(type) || isGuarded(method);
    }

    private static boolean isGuarded(AnnotatedElement element) {
        return element.isAnnotationPresent(Public.class) || Arrays.stream(element.getAnnotations())
                .map(Annotation::annotationType).anyMatch(binding -> binding.isAnnotationPresent(Authenticating.class));
    }

    /** Requires the caller the authentication mechanism established, whatever the credential. */
    @Priority(Priorities.AUTHENTICATION)
    public static class CallerRequired implements ContainerRequestFilter {

        @Override
        public void filter(ContainerRequestContext request) {
            if (!(request.getProperty(Caller.ATTRIBUTE) instanceof Caller)) {
                throw new WebApplicationException(Response.Status.UNAUTHORIZED);
            }
        }
    }
}
