package herald.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SecureByDefaultTest {

    @NameBinding
    @Authenticating
    @Retention(RetentionPolicy.RUNTIME)
    @interface DoorBinding {
    }

    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @interface OtherBinding {
    }

    @jakarta.ws.rs.Path("bound")
    @DoorBinding
    static class BoundResource {
        @GET
        public String get() {
            return "";
        }
    }

    @jakarta.ws.rs.Path("forgotten")
    @OtherBinding
    static class ForgottenResource {
        @GET
        public String get() {
            return "";
        }

        @GET
        @jakarta.ws.rs.Path("open")
        @Public("a test")
        public String open() {
            return "";
        }
    }

    @Test
    void aRouteIsGuardedByItsDoorsBindingOrByADeclaredOptOutOnly() throws NoSuchMethodException {
        assertTrue(SecureByDefault.isGuarded(BoundResource.class, BoundResource.class.getMethod("get")));
        assertFalse(SecureByDefault.isGuarded(ForgottenResource.class, ForgottenResource.class.getMethod("get")),
                "a name binding that establishes no caller does not count");
        assertTrue(SecureByDefault.isGuarded(ForgottenResource.class, ForgottenResource.class.getMethod("open")));
    }

    @Test
    void theFallbackRefusesARequestWithoutAnAuthenticatedCaller() {
        Map<String, Object> properties = new HashMap<>();
        ContainerRequestContext request = requestWith(properties);
        WebApplicationException refused = assertThrows(WebApplicationException.class,
                () -> new SecureByDefault.CallerRequired().filter(request));
        assertEquals(401, refused.getResponse().getStatus());

        properties.put(Caller.ATTRIBUTE, Caller.trustedNetwork("default"));
        new SecureByDefault.CallerRequired().filter(request);
    }

    /** Every resource method Herald ships is bound to its door's authentication or declared public. */
    @Test
    void everyShippedResourceMethodIsGuarded() {
        List<String> methods = new ArrayList<>();
        for (Class<?> resource : shippedResources()) {
            for (Method method : resource.getMethods()) {
                if (isResourceMethod(method)) {
                    methods.add(resource.getSimpleName() + "." + method.getName());
                    assertTrue(SecureByDefault.isGuarded(resource, method), resource.getName() + "." + method.getName());
                }
            }
        }
        assertTrue(methods.size() >= 13, "found only " + methods);
    }

    private static boolean isResourceMethod(Method method) {
        return method.isAnnotationPresent(jakarta.ws.rs.Path.class) || Arrays.stream(method.getAnnotations())
                .map(Annotation::annotationType).anyMatch(type -> type.isAnnotationPresent(HttpMethod.class));
    }

    private static List<Class<?>> shippedResources() {
        Path classes = Path.of("target", "classes");
        try (Stream<Path> files = Files.walk(classes.resolve("herald"))) {
            return files.map(classes::relativize).map(Path::toString).filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .map(SecureByDefaultTest::load)
                    .filter(type -> type.isAnnotationPresent(jakarta.ws.rs.Path.class))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, SecureByDefaultTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContainerRequestContext requestWith(Map<String, Object> properties) {
        return (ContainerRequestContext) Proxy.newProxyInstance(SecureByDefaultTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) arguments[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
