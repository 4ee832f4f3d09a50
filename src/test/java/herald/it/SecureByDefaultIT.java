package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the OpenAPI document the WAR serves, as a caller without credentials and as one with
 * refused credentials, and expects 401 in the format of the route's door: a route added without its door's
 * authentication binding fails here (and is refused anyway, see herald.access.SecureByDefault).
 */
class SecureByDefaultIT extends DeployedHerald {

    /**
     * Routes anyone may call, by design, with the reason. Those in the OpenAPI document are skipped by the walk,
     * and each is checked to answer without credentials, so that this list cannot keep a route that became
     * protected or disappeared.
     */
    static final Map<String, String> PUBLIC = Map.of(
            "GET /metrics", "Prometheus scrapes without credentials, and no series names a topic, an audience or a user"
                    + " (herald.metrics.MetricsEndpoint)",
            "GET /", "the console page: it holds no secret and asks the user for a token",
            "GET /herald.js", "the browser client library, loaded by pages of other origins too",
            "GET /console.js", "a file of the console page",
            "GET /dev-token", "the admin token of `run`, with a rule of its own: only when herald.dev.token is set,"
                    + " only to a caller on this machine (DevTokenResourceTest)");

    /** Methods an OpenAPI path item may hold; anything else in it (parameters, summary) is not an operation. */
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head");

    /** Every operation the document lists is walked; fewer than the doors' routes today means the walk saw nothing. */
    private static final int ROUTES_TODAY = 12;

    @Test
    void everyRouteOfTheOpenApiDocumentRefusesACallerWithoutCredentials() {
        List<String> walked = walk(Optional.empty(), "A valid Bearer token is required", "A ticket (?token=) is required");
        assertTrue(walked.size() >= ROUTES_TODAY, "walked only " + walked);
    }

    @Test
    void everyRouteOfTheOpenApiDocumentRefusesAForgedToken() {
        String forged = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl";
        List<String> walked = walk(Optional.of(forged), null, null);
        assertTrue(walked.size() >= ROUTES_TODAY, "walked only " + walked);
    }

    @Test
    void publicRoutesAnswerWithoutCredentials() {
        PUBLIC.keySet().forEach(route -> {
            String path = route.substring(route.indexOf(' ') + 1);
            HttpResponse<String> response = send(request(path).GET().build());
            assertEquals(200, response.statusCode(), route + " is listed as public: " + response.body());
        });
    }

    @Test
    void optionsWithoutCredentialsIsNeverRefused() {
        for (String path : List.of("/v1/topic", "/push_events", "/drop_user", "/api/v1/streams/walk/events")) {
            HttpResponse<String> plain = send(request(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
            assertNotEquals(401, plain.statusCode(), "OPTIONS " + path + ": " + plain.body());
            assertTrue(plain.statusCode() < 300, "OPTIONS " + path + ": " + plain.statusCode());
            HttpResponse<String> preflight = send(request(path).header("Origin", CorsIT.LISTED_ORIGIN)
                    .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
            assertNotEquals(401, preflight.statusCode(), "preflight " + path + ": " + preflight.body());
            assertTrue(preflight.statusCode() < 300, "preflight " + path + ": " + preflight.statusCode());
        }
    }

    /**
     * Sends each operation of the document with {@code authorization} (or none) and everything else a valid
     * request has, and asserts the door's 401; returns the operations walked. A null reason is not checked.
     */
    private List<String> walk(Optional<String> authorization, String restReason, String socketReason) {
        HttpResponse<String> document = send(request("/openapi").header("Accept", "application/json").GET().build());
        assertEquals(200, document.statusCode(), document.body());
        JsonObject paths = object(document.body()).getJsonObject("paths");
        List<String> walked = new ArrayList<>();
        paths.forEach((template, item) -> item.asJsonObject().forEach((method, operation) -> {
            if (!METHODS.contains(method)) {
                return;
            }
            String route = method.toUpperCase() + " " + template;
            if (PUBLIC.containsKey(route)) {
                return;
            }
            String path = template.replace("{eventId}", UUID.randomUUID().toString())
                    .replaceAll("\\{[^}/]+}", unique("walk")); // {stream}, {name}: any value of the right form
            if (operation.asJsonObject().getJsonObject("responses").containsKey("101")) {
                assertSocketRefused(route, path, authorization, socketReason);
            } else if (path.startsWith("/api/")) {
                assertEventserverRefused(route, send(call(method, path, authorization)));
            } else {
                assertEnvelopeRefused(route, send(call(method, path, authorization)), restReason);
            }
            walked.add(route);
        }));
        return walked;
    }

    /** A request that lacks nothing but credentials: JSON body and media types, producer and consumer ids. */
    private HttpRequest call(String method, String path, Optional<String> authorization) {
        HttpRequest.Builder request = request(path).header("Accept", "*/*")
                .header("X-Producer-ID", "walker").header("X-Consumer-ID", "walker");
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (method.equals("get") || method.equals("head") || method.equals("delete")) {
            return request.method(method.toUpperCase(), HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", "application/json")
                .method(method.toUpperCase(), HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    private static void assertEnvelopeRefused(String route, HttpResponse<String> response, String reason) {
        assertEquals(401, response.statusCode(), route + ": " + response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0], route);
        JsonObject envelope = object(response.body());
        assertEquals(Set.of("code", "error", "status"), envelope.keySet(), route);
        assertEquals("ETOKEN_INVALID", envelope.getString("code"), route);
        assertEquals(401, envelope.getInt("status"), route);
        if (reason != null) {
            assertEquals(reason, envelope.getString("error"), route);
        }
    }

    private static void assertEventserverRefused(String route, HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), route + ": " + response.body());
        assertEquals("\"Unauthorized\"", response.body(), route);
        EventserverIT.assertJsonHeader(response);
        assertEquals(List.of("Basic realm=\"herald\""), response.headers().allValues("WWW-Authenticate"), route);
    }

    /** The opening handshake of a WebSocket client, on a bare socket: the JDK's client hides a refusal's body. */
    private void assertSocketRefused(String route, String path, Optional<String> authorization, String reason) {
        String answer = rawRequest("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + authorization.map(value -> "Authorization: " + value + "\r\n").orElse("")
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 401"), route + ": " + answer);
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        if (answer.toLowerCase().contains("transfer-encoding: chunked")) {
            body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("}") + 1);
        }
        JsonObject envelope = object(body);
        assertEquals("ETOKEN_INVALID", envelope.getString("code"), route);
        assertEquals(401, envelope.getInt("status"), route);
        if (reason != null) {
            assertEquals(reason, envelope.getString("error"), route);
        }
    }

    private String rawRequest(String request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int n = socket.getInputStream().read(chunk); n > 0; n = socket.getInputStream().read(chunk)) {
                    answer.write(chunk, 0, n);
                }
            } catch (SocketTimeoutException silence) {
                // a kept-alive connection: what came is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
