package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import herald.dev.TokenSigner;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A Courier user of one audience: its token, REST calls and sockets. */
final class CourierClient {

    final DeployedHerald herald;
    final String audience;
    final String subject;
    final String token;
    private final String[] groups;

    CourierClient(DeployedHerald herald, String audience, String subject, String... groups) {
        this.herald = herald;
        this.audience = audience;
        this.subject = subject;
        this.groups = groups;
        this.token = TokenSigner.hs256(TestServer.SECRET, TestServer.claims(audience, subject, groups).build());
    }

    /** A user of a new audience that exists. */
    static CourierClient inNewAudience(DeployedHerald herald, String subject, String... groups) {
        CourierClient client = new CourierClient(herald, DeployedHerald.unique("aud"), subject, groups);
        assertEquals(200, client.post("/v1/audience", "").statusCode());
        return client;
    }

    CourierClient as(String otherSubject, String... groups) {
        return new CourierClient(herald, audience, otherSubject, groups);
    }

    HttpResponse<String> post(String path, String json) {
        return herald.send(herald.request(path)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> get(String path) {
        return herald.send(herald.request(path).header("Authorization", "Bearer " + token).GET().build());
    }

    /** {@code GET /v1/sign}: a ticket ({@code key}) and the socket URL to use it with ({@code url}). */
    JsonObject sign() {
        HttpResponse<String> signed = get("/v1/sign");
        assertEquals(200, signed.statusCode(), signed.body());
        return DeployedHerald.object(signed.body());
    }

    String ticket() {
        return sign().getString("key");
    }

    URI socketUri(String ticket) {
        return URI.create(herald.uri("/ws?token=" + ticket).toString().replaceFirst("^http", "ws"));
    }

    /** An open socket whose connection-id frame has been read and checked. */
    SocketClient connect(String... subprotocols) throws InterruptedException {
        return identified(SocketClient.connect(herald.http, socketUri(ticket()), subprotocols));
    }

    /** As clients are told to connect: to the URL {@code /v1/sign} answered with, which names the address they used. */
    SocketClient connectAsSigned(String... subprotocols) throws InterruptedException {
        return identified(SocketClient.connect(herald.http, URI.create(sign().getString("url")), subprotocols));
    }

    private static SocketClient identified(SocketClient socket) throws InterruptedException {
        String id = socket.next();
        assertEquals(id, UUID.fromString(id).toString(), "first frame is the connection id");
        return socket;
    }

    /** The same user on another node. */
    CourierClient on(DeployedHerald node) {
        return new CourierClient(node, audience, subject, groups);
    }

    /** A publish sent without waiting for its answer, so that several can race. */
    CompletableFuture<HttpResponse<String>> hookAsync(String topic, String message) {
        HttpRequest request = herald.request("/v1/hook")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(hookBody(topic, message))).build();
        return herald.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String hookBody(String topic, String message) {
        return "{\"topic\":\"" + topic + "\",\"action\":\"publish\",\"message\":" + message + "}";
    }

    HttpResponse<String> hook(String topic, String message) {
        return post("/v1/hook", hookBody(topic, message));
    }
}
