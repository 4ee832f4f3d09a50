package herald.cors;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The routes a browser app on another origin may call, with the methods each serves. The paths are those of
 * the resources' {@code @Path}s (CorsRouteTest holds the two together); a path parameter is one segment
 * unless its template gives its own pattern.
 */
enum CorsRoute {
    AUDIENCE("v1/audience", "POST"),
    TOPIC("v1/topic", "GET, POST"),
    HOOK("v1/hook", "POST"),
    SIGN("v1/sign", "GET"),
    CONSUMERS("v1/consumers", "GET"),
    CONSUMER("v1/consumers/{name: .+}", "DELETE, GET"),
    HERALD_JS("herald.js", "GET"),
    STREAM_EVENTS("api/v1/streams/{stream}/events", "GET, POST"),
    STREAM_EVENT("api/v1/streams/{stream}/events/{eventId}", "POST");

    final String template;
    final String methods;
    private final Pattern path;

    CorsRoute(String template, String methods) {
        this.template = template;
        this.methods = methods;
        this.path = Pattern.compile(Arrays.stream(template.split("/"))
                .map(CorsRoute::segmentPattern)
                .reduce((a, b) -> a + "/" + b).orElseThrow());
    }

    /** A literal segment, a parameter of one segment, or a parameter with its own pattern ({@code {name: .+}}). */
    private static String segmentPattern(String segment) {
        if (!segment.startsWith("{")) {
            return Pattern.quote(segment);
        }
        int colon = segment.indexOf(':');
        return colon < 0 ? "[^/]+" : segment.substring(colon + 1, segment.length() - 1).strip();
    }

    /** @param path relative to the context root, still percent-encoded, with or without a leading slash */
    static Optional<CorsRoute> of(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return Arrays.stream(values()).filter(route -> route.path.matcher(relative).matches()).findFirst();
    }
}
