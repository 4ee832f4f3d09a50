package herald.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The CORS decisions without a container: [CORS-OFF] here (the ITs run with the setting on), the header rules
 * of [CORS-PREFLIGHT], [CORS-REFUSED] and [CORS-ACTUAL], and which settings Herald refuses to start with.
 */
class CorsHeadersTest {

    private static final String APP = "https://app.example.com";
    private static final CorsHeaders ON = new CorsHeaders(AllowedOrigins.of(APP + ", http://localhost:3000"));

    @Test
    void withoutTheSettingNothingIsAddedAndPreflightsAreLeftAlone() {
        for (String setting : new String[]{"", " ", " , "}) {
            CorsHeaders off = new CorsHeaders(AllowedOrigins.of(setting));
            for (CorsRoute route : CorsRoute.values()) {
                assertEquals(Optional.empty(), off.preflight(route, APP, "authorization"), route.name());
            }
            assertEquals(Map.of(), off.answer(APP));
            assertEquals(Map.of(), off.answer(null));
        }
    }

    @Test
    void aListedOriginsPreflightGetsTheRoutesMethodsAndHeaders() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Access-Control-Allow-Origin", APP);
        expected.put("Access-Control-Allow-Methods", "GET, POST");
        expected.put("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Producer-ID, X-Consumer-ID");
        expected.put("Access-Control-Max-Age", "600");
        expected.put("Vary", "Origin");
        assertEquals(Optional.of(expected), ON.preflight(CorsRoute.STREAM_EVENTS, APP, "authorization,content-type"));
        assertEquals(Optional.of(expected), ON.preflight(CorsRoute.STREAM_EVENTS, APP, null));
        assertEquals("POST", ON.preflight(CorsRoute.HOOK, APP, null).orElseThrow().get("Access-Control-Allow-Methods"));
        assertEquals("http://localhost:3000", ON.preflight(CorsRoute.SIGN, "http://localhost:3000", null)
                .orElseThrow().get("Access-Control-Allow-Origin"));
    }

    @Test
    void otherOriginsGetOnlyVary() {
        for (String origin : new String[]{"https://evil.example.com", "http://app.example.com", "https://app.example.com:8443",
                "https://APP.example.com", "https://app.example.com/", "null", "", "*"}) {
            assertEquals(Optional.of(Map.of("Vary", "Origin")), ON.preflight(CorsRoute.SIGN, origin, "authorization"), origin);
            assertEquals(Map.of("Vary", "Origin"), ON.answer(origin), origin);
        }
        assertEquals(Map.of("Vary", "Origin"), ON.answer(null), "a request without Origin");
    }

    @Test
    void answersToAListedOriginExposeWhatAClientMustRead() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Access-Control-Allow-Origin", APP);
        expected.put("Access-Control-Expose-Headers", "Retry-After, WWW-Authenticate");
        expected.put("Vary", "Origin");
        assertEquals(expected, ON.answer(APP));
        assertFalse(ON.answer(APP).containsKey("Access-Control-Allow-Credentials"));
    }

    @Test
    void requestedHeadersAreAllowedUnlessTheyChangeHowHeraldSeesTheRequest() {
        String allowed = ON.preflight(CorsRoute.TOPIC, APP,
                "x-request-id, Authorization,x-forwarded-host, forwarded, X-HTTP-Method-Override, bad header, "
                        + "x-real-ip,,traceparent, X-Request-ID, " + "x".repeat(65))
                .orElseThrow().get("Access-Control-Allow-Headers");
        assertEquals("Authorization, Content-Type, X-Producer-ID, X-Consumer-ID, x-request-id, traceparent", allowed);

        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append("x-app-").append(i).append(',');
        }
        String capped = ON.preflight(CorsRoute.TOPIC, APP, many.toString()).orElseThrow().get("Access-Control-Allow-Headers");
        assertEquals(4 + 16, capped.split(", ").length, capped);
        assertTrue(capped.endsWith("x-app-15"), capped);
    }

    @Test
    void originsAreListedAsBrowsersSpellThem() {
        assertEquals(Set.of("https://app.example.com", "http://localhost:3000", "http://127.0.0.1:8081", "https://[::1]:8443"),
                AllowedOrigins.parse(" HTTPS://App.Example.com/ ,http://localhost:3000,, http://127.0.0.1:8081,"
                        + "https://app.example.com:443, https://[::1]:8443"));
        assertEquals(Set.of("http://example.com"), AllowedOrigins.parse("http://example.com:80"));
        assertEquals(Set.of(), AllowedOrigins.parse(""));
    }

    @Test
    void whatIsNoOriginStopsTheDeployment() {
        for (String setting : new String[]{"*", "app.example.com", "https://app.example.com/path", "https://app.example.com?x",
                "https://user@app.example.com", "ftp://app.example.com", "null", "https://", "https://app.example.com, *",
                "https://app example.com"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> AllowedOrigins.parse(setting), setting);
            assertTrue(refused.getMessage().startsWith("herald.cors.allowed-origins: '"), refused.getMessage());
        }
    }
}
