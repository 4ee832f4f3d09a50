package herald.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import herald.console.ConsoleResource;
import herald.courier.AudiencesResource;
import herald.courier.ConsumersResource;
import herald.courier.HooksResource;
import herald.courier.TicketsResource;
import herald.courier.TopicsResource;
import herald.eventserver.StreamEventsResource;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CORS routes are the resources' own: same paths, same methods, so a preflight never promises another. */
class CorsRouteTest {

    /** Every resource under /v1/ and /api/ of the WAR's classes, so that a new one cannot be forgotten here. */
    @Test
    void eachRouteHasThePathsAndMethodsOfItsResource() throws Exception {
        Map<String, String> served = new TreeMap<>();
        for (Class<?> resource : browserDoorResources()) {
            String root = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getMethods()) {
                httpMethod(method).ifPresent(verb -> served.merge(
                        method.isAnnotationPresent(Path.class) ? root + "/" + method.getAnnotation(Path.class).value() : root,
                        verb, (a, b) -> String.join(", ", new TreeSet<>(Arrays.asList((a + ", " + b).split(", "))))));
            }
        }
        Map<String, String> routes = new TreeMap<>();
        for (CorsRoute route : CorsRoute.values()) {
            if (route != CorsRoute.HERALD_JS) {
                routes.put(route.template, route.methods);
            }
        }
        assertEquals(served, routes);
    }

    @Test
    void heraldJsIsAFileOfTheConsole() throws NoSuchMethodException {
        Method file = ConsoleResource.class.getMethod("file", String.class);
        assertEquals("{name}", file.getAnnotation(Path.class).value());
        assertEquals(Optional.of("GET"), httpMethod(file));
        assertEquals("GET", CorsRoute.HERALD_JS.methods);
    }

    @Test
    void pathsMatchAsJaxRsMatchesThem() {
        assertEquals(Optional.of(CorsRoute.SIGN), CorsRoute.of("v1/sign"));
        assertEquals(Optional.of(CorsRoute.SIGN), CorsRoute.of("/v1/sign"));
        assertEquals(Optional.of(CorsRoute.HERALD_JS), CorsRoute.of("/herald.js"));
        assertEquals(Optional.of(CorsRoute.STREAM_EVENTS), CorsRoute.of("/api/v1/streams/orders%2Fx/events"));
        assertEquals(Optional.of(CorsRoute.STREAM_EVENT), CorsRoute.of("/api/v1/streams/orders/events/0f1e"));
        assertEquals(Optional.of(CorsRoute.CONSUMERS), CorsRoute.of("/v1/consumers"));
        assertEquals(Optional.of(CorsRoute.CONSUMER), CorsRoute.of("/v1/consumers/orders/worker")); // names may hold '/'
        for (String other : new String[]{"/", "/console.js", "/heraldxjs", "/v1/signs", "/v1/sign/x", "/push_events",
                "/drop_user", "/dev-token", "/ws", "/api/v1/streams//events", "/api/v1/streams/a/b/events", "/v1/"}) {
            assertEquals(Optional.empty(), CorsRoute.of(other), other);
        }
    }

    private static List<Class<?>> browserDoorResources() throws Exception {
        java.nio.file.Path classes = java.nio.file.Path.of(
                AudiencesResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> resources = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, CorsRouteTest.class.getClassLoader());
                Path path = type.getAnnotation(Path.class);
                if (path != null && (path.value().startsWith("v1/") || path.value().startsWith("api/"))) {
                    resources.add(type);
                }
            }
        }
        assertEquals(Set.of(AudiencesResource.class, TopicsResource.class, HooksResource.class, TicketsResource.class,
                ConsumersResource.class, StreamEventsResource.class), Set.copyOf(resources), "the resources found");
        return resources;
    }

    private static Optional<String> httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations()).map(Annotation::annotationType)
                .map(type -> type.getAnnotation(HttpMethod.class)).filter(java.util.Objects::nonNull)
                .map(HttpMethod::value).findFirst();
    }
}
