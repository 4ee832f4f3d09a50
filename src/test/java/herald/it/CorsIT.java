package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * [CORS-PREFLIGHT], [CORS-REFUSED], [CORS-ACTUAL] and [CORS-NO-CREDENTIALS] against the deployed WAR, whose
 * {@code herald.cors.allowed-origins} lists {@link #LISTED_ORIGIN} and the browser test's page origin
 * (TestServer); [CORS-OFF] is CorsHeadersTest's, as the suite runs one configuration. Ends with a real browser
 * calling Herald from a page of a listed origin and of another one.
 */
class CorsIT extends DeployedHerald {

    static final String LISTED_ORIGIN = "https://app.example.com";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Producer-ID, X-Consumer-ID";
    static final Duration E2E_TIMEOUT = Duration.ofMinutes(1);

    /** A route of each kind a browser app calls, with the methods its preflight must name. */
    private static final Map<String, String> ROUTES = Map.of(
            "/v1/audience", "POST",
            "/v1/topic", "GET, POST",
            "/v1/hook", "POST",
            "/v1/sign", "GET",
            "/herald.js", "GET",
            "/api/v1/streams/orders/events", "GET, POST",
            "/api/v1/streams/orders/events/" + UUID.randomUUID(), "POST");

    @Test
    void aListedOriginsPreflightIsAnsweredOnEveryBrowserRouteWithoutCredentials() {
        ROUTES.forEach((path, methods) -> {
            HttpResponse<String> response = send(preflight(path, LISTED_ORIGIN, methods.contains("POST") ? "POST" : "GET")
                    .header("Access-Control-Request-Headers", "authorization,content-type").build());
            assertEquals(204, response.statusCode(), path + ": " + response.body());
            assertEquals("", response.body(), path);
            assertEquals(Map.of(
                    "access-control-allow-origin", List.of(LISTED_ORIGIN),
                    "access-control-allow-methods", List.of(methods),
                    "access-control-allow-headers", List.of(ALLOWED_HEADERS),
                    "access-control-max-age", List.of("600")), corsHeaders(response), path);
            assertEquals(List.of("Origin"), response.headers().allValues("Vary"), path);
        });
    }

    @Test
    void aPreflightAsksForMoreHeadersThanHeraldReads() {
        HttpResponse<String> response = send(preflight("/v1/sign", LISTED_ORIGIN, "GET")
                .header("Access-Control-Request-Headers", "authorization,traceparent,x-forwarded-host").build());
        assertEquals(204, response.statusCode());
        assertEquals(List.of(ALLOWED_HEADERS + ", traceparent"), response.headers().allValues("Access-Control-Allow-Headers"),
                "an app's own header is allowed, one that would change the address /v1/sign answers with is not");
    }

    @Test
    void aPreflightFromAnyOtherOriginGetsNoCorsHeaders() {
        for (String origin : List.of("https://evil.example.com", "http://app.example.com", "https://app.example.com:8443",
                "https://app.example.com.evil.example", "null")) {
            ROUTES.keySet().forEach(path -> {
                HttpResponse<String> response = send(preflight(path, origin, "POST")
                        .header("Access-Control-Request-Headers", "authorization").build());
                assertEquals(204, response.statusCode(), origin + " " + path);
                assertEquals(Map.of(), corsHeaders(response), origin + " " + path);
                assertEquals(List.of("Origin"), response.headers().allValues("Vary"), origin + " " + path);
            });
        }
    }

    @Test
    void answersToAListedOriginCarryItErrorsIncluded() {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        HttpResponse<String> sign = send(request("/v1/sign").header("Origin", LISTED_ORIGIN)
                .header("Authorization", "Bearer " + alice.token).GET().build());
        assertEquals(200, sign.statusCode(), sign.body());
        assertAnswerFor(LISTED_ORIGIN, sign);

        HttpResponse<String> produce = send(request(StreamClient.events(unique("orders"))).header("Origin", LISTED_ORIGIN)
                .header("Authorization", basicProducer()).header("Content-Type", "application/json").header("X-Producer-ID", "shop")
                .POST(HttpRequest.BodyPublishers.ofString(StreamClient.event("OrderPlaced", "{}"))).build());
        assertEquals(200, produce.statusCode(), produce.body());
        assertAnswerFor(LISTED_ORIGIN, produce);

        HttpResponse<String> script = send(request("/herald.js").header("Origin", LISTED_ORIGIN).GET().build());
        assertEquals(200, script.statusCode());
        assertAnswerFor(LISTED_ORIGIN, script);
        HttpResponse<String> unchanged = send(request("/herald.js").header("Origin", LISTED_ORIGIN)
                .header("If-None-Match", script.headers().firstValue("ETag").orElseThrow()).GET().build());
        assertEquals(304, unchanged.statusCode());
        assertAnswerFor(LISTED_ORIGIN, unchanged);

        HttpResponse<String> noToken = send(request("/v1/topic").header("Origin", LISTED_ORIGIN).GET().build());
        CourierRestIT.assertEnvelope(noToken, 401, "ETOKEN_INVALID");
        assertAnswerFor(LISTED_ORIGIN, noToken);

        HttpResponse<String> badPassword = send(request(StreamClient.events("orders")).header("Origin", LISTED_ORIGIN)
                .header("Authorization", basic(TestServer.BASIC_USER, "wrong")).header("X-Consumer-ID", "c").GET().build());
        assertEquals(401, badPassword.statusCode());
        assertEquals("\"Unauthorized\"", badPassword.body());
        assertAnswerFor(LISTED_ORIGIN, badPassword);
    }

    @Test
    void answersToOtherOriginsAndToRequestsWithoutOneCarryOnlyVary() {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        for (String origin : new String[]{"https://evil.example.com", null}) {
            HttpRequest.Builder sign = request("/v1/sign").header("Authorization", "Bearer " + alice.token).GET();
            if (origin != null) {
                sign.header("Origin", origin);
            }
            HttpResponse<String> response = send(sign.build());
            assertEquals(200, response.statusCode(), "Herald answers; only a browser would withhold the answer");
            assertEquals(Map.of(), corsHeaders(response), String.valueOf(origin));
            assertEquals(List.of("Origin"), response.headers().allValues("Vary"), String.valueOf(origin));
        }
    }

    @Test
    void routesBrowserAppsDoNotCallGetNoCorsHeaders() {
        for (String path : List.of("/push_events", "/drop_user", "/dev-token", "/console.js", "/")) {
            HttpResponse<String> preflight = send(preflight(path, LISTED_ORIGIN, "POST").build());
            assertTrue(preflight.statusCode() < 500, path + " answered " + preflight.statusCode());
            assertEquals(Map.of(), corsHeaders(preflight), path);
            assertEquals(List.of(), preflight.headers().allValues("Vary"), path);
            HttpResponse<String> get = send(request(path).header("Origin", LISTED_ORIGIN).GET().build());
            assertTrue(get.statusCode() < 500, path + " answered " + get.statusCode());
            assertEquals(Map.of(), corsHeaders(get), path);
        }
    }

    /** WebSocket upgrades are no CORS requests: a listed origin opens no socket, herald.ws.allowed-origins decides. */
    @Test
    void aListedOriginDoesNotOpenWebSockets() {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        assertEquals(403, SocketClient.refusedStatus(http, alice.socketUri(alice.ticket()), LISTED_ORIGIN));
        assertEquals(403, SocketClient.refusedStatus(http, alice.socketUri(alice.ticket()), TestServer.appOrigin()));
        SocketClient.connect(http, alice.socketUri(alice.ticket()), true, "http://" + base.getHost() + ":" + base.getPort()).close();
    }

    /**
     * src/test/e2e/cors-e2e.mjs, in headless Chromium: a page served here from the listed origin imports herald.js,
     * gets a ticket with a bearer token and produces with Basic credentials; a page of an origin not listed gets a
     * network error for the same calls, and its event is never written.
     */
    @Test
    void aPageOfAListedOriginCallsHeraldFromARealBrowserAndOthersCannot() throws Exception {
        ConsoleIT.requireBrowserTools();
        URI listed = URI.create(TestServer.appOrigin());
        HttpServer listedApp = app(new InetSocketAddress(listed.getHost(), listed.getPort()));
        HttpServer otherApp = app(new InetSocketAddress("127.0.0.1", 0));
        try {
            String herald = "http://127.0.0.1:" + base.getPort() + "/";
            String stream = unique("cors");
            String otherStream = unique("cors");
            String bearer = CourierClient.inNewAudience(this, "alice").token;
            String log = runNode("cors-e2e.mjs", herald, listed + "/", "http://127.0.0.1:" + otherApp.getAddress().getPort() + "/",
                    bearer, basicProducer(), stream, otherStream);
            assertTrue(log.contains("cors e2e: passed"), log);
            StreamClient producer = new StreamClient(this, basicProducer());
            assertEquals(1, json(producer.pull(stream, "check", "OrderPlaced", 10).body()).asJsonArray().size());
            assertEquals(404, producer.pull(otherStream, "check", "OrderPlaced", 10).statusCode(),
                    "the other origin's produce was never sent");
        } finally {
            listedApp.stop(0);
            otherApp.stop(0);
        }
    }

    private HttpRequest.Builder preflight(String path, String origin, String method) {
        return request(path).header("Origin", origin).header("Access-Control-Request-Method", method)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
    }

    private static void assertAnswerFor(String origin, HttpResponse<String> response) {
        String what = response.request().method() + " " + response.uri().getPath() + " " + response.statusCode();
        assertEquals(Map.of(
                "access-control-allow-origin", List.of(origin),
                "access-control-expose-headers", List.of("Retry-After, WWW-Authenticate")), corsHeaders(response), what);
        assertEquals(List.of("Origin"), response.headers().allValues("Vary"), what);
    }

    /** The Access-Control-* headers of an answer, by lower-case name. */
    private static Map<String, List<String>> corsHeaders(HttpResponse<?> response) {
        Map<String, List<String>> cors = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                cors.put(name.toLowerCase(Locale.ROOT), values);
            }
        });
        return cors;
    }

    /** An app's page: nothing but a document for the browser test to run its calls in. */
    private static HttpServer app(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        byte[] page = "<!doctype html><meta charset=\"utf-8\"><title>an app</title>".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/") ? 200 : 404, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        server.start();
        return server;
    }

    private static String runNode(String script, String... arguments) throws Exception {
        Path output = Files.createTempFile("cors-e2e", ".log");
        List<String> command = new java.util.ArrayList<>(List.of("node", ConsoleIT.E2E.resolve(script).toString()));
        command.addAll(List.of(arguments));
        Instant started = Instant.now();
        Process node = new ProcessBuilder(command).directory(ConsoleIT.E2E.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = node.waitFor(E2E_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        System.out.println(script + " (" + Duration.between(started, Instant.now()).toMillis() + " ms):\n" + log);
        assertTrue(finished, script + " did not finish within " + E2E_TIMEOUT.toSeconds() + " s:\n" + log);
        assertEquals(0, node.exitValue(), log);
        return log;
    }
}
