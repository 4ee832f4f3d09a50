package herald.cors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which CORS headers an answer gets, decided from the request alone (no container needed to test it). The
 * guarantees it implements are listed in package-info.
 */
final class CorsHeaders {

    /**
     * Ten minutes: a browser asks once per route and origin while an app reconnects, and an origin taken off the
     * list is refused by browsers soon after (Chromium caps any value at two hours anyway).
     */
    static final String MAX_AGE_SECONDS = "600";
    /** What Herald reads from a browser: the credential, the body's type, the Eventserver's two ids. */
    static final List<String> READ_HEADERS = List.of("Authorization", "Content-Type", "X-Producer-ID", "X-Consumer-ID");
    /** A 503's wait and a 401's scheme; the rest a script needs (Content-Type, ETag…) is readable anyway. */
    static final String EXPOSED_HEADERS = "Retry-After, WWW-Authenticate";

    /** RFC 9110 token; anything else in Access-Control-Request-Headers is not a header name. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    /**
     * Herald ignores the other headers an app may add to every call (tracing ids and the like), so those are
     * allowed when asked for; these change how Herald sees the request (the address /v1/sign answers with, the
     * method), and a page may not set them.
     */
    private static final Set<String> NEVER_ALLOWED = Set.of("forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip", "x-http-method-override",
            "x-http-method", "x-method-override");
    /** Enough for any app's own headers; a longer list is not a browser's. */
    private static final int MAX_REQUESTED_HEADERS = 16;

    private final AllowedOrigins origins;

    CorsHeaders(AllowedOrigins origins) {
        this.origins = origins;
    }

    /**
     * The answer to a preflight of the route: the headers of a 204, or empty when CORS is off and the preflight is
     * left to JAX-RS as before the setting existed. An origin not listed gets {@code Vary: Origin} alone.
     */
    Optional<Map<String, String>> preflight(CorsRoute route, String origin, String requestedHeaders) {
        if (origins.none()) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (origins.allows(origin)) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Access-Control-Allow-Methods", route.methods);
            headers.put("Access-Control-Allow-Headers", allowedHeaders(requestedHeaders));
            headers.put("Access-Control-Max-Age", MAX_AGE_SECONDS);
        }
        headers.put("Vary", "Origin");
        return Optional.of(headers);
    }

    /** The headers every other answer of a CORS route gets; none while CORS is off. */
    Map<String, String> answer(String origin) {
        if (origins.none()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (origins.allows(origin)) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        // also without a listed Origin: a cache must not hand this answer to a listed origin, or the reverse
        headers.put("Vary", "Origin");
        return headers;
    }

    /** The headers Herald reads, and those the page asked for that are harmless, in the order asked. */
    private static String allowedHeaders(String requested) {
        List<String> allowed = new ArrayList<>(READ_HEADERS);
        if (requested != null) {
            for (String listed : requested.split(",")) {
                String name = listed.strip();
                if (allowed.size() < READ_HEADERS.size() + MAX_REQUESTED_HEADERS
                        && HEADER_NAME.matcher(name).matches()
                        && !NEVER_ALLOWED.contains(name.toLowerCase(Locale.ROOT))
                        && allowed.stream().noneMatch(name::equalsIgnoreCase)) {
                    allowed.add(name);
                }
            }
        }
        return String.join(", ", allowed);
    }
}
