package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import herald.dev.TokenSigner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/** A Courier user of one audience: its token, REST calls and sockets. */
final class CourierClient {

    final DeployedHerald herald;
    final String audience;
    final String subject;
    final String token;

    CourierClient(DeployedHerald herald, String audience, String subject, String... groups) {
        this.herald = herald;
        this.audience = audience;
        this.subject = subject;
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

    String ticket() {
        HttpResponse<String> signed = get("/v1/sign");
        assertEquals(200, signed.statusCode(), signed.body());
        return DeployedHerald.object(signed.body()).getString("key");
    }

    URI socketUri(String ticket) {
        return URI.create(herald.uri("/ws?token=" + ticket).toString().replaceFirst("^http", "ws"));
    }

    /** An open socket whose connection-id frame has been read and checked. */
    SocketClient connect(String... subprotocols) throws InterruptedException {
        SocketClient socket = SocketClient.connect(herald.http, socketUri(ticket()), subprotocols);
        String id = socket.next();
        assertEquals(id, UUID.fromString(id).toString(), "first frame is the connection id");
        return socket;
    }

    HttpResponse<String> hook(String topic, String message) {
        return post("/v1/hook", "{\"topic\":\"" + topic + "\",\"action\":\"publish\",\"message\":" + message + "}");
    }
}
