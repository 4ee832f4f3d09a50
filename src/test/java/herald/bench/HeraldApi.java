package herald.bench;

import herald.dev.TokenSigner;
import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Herald's REST side as a client sees it: tokens of one audience, requests, and WebSocket tickets. */
final class HeraldApi {

    static final String AUDIENCE = "bench";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final byte[] secret;

    HeraldApi(URI base, byte[] secret) {
        this.base = base;
        this.secret = secret;
    }

    /** A Bearer token of the bench audience, valid long enough for any run. */
    String token(String subject, String... groups) {
        long now = Instant.now().getEpochSecond();
        return "Bearer " + TokenSigner.hs256(secret, Json.createObjectBuilder()
                .add("aud", AUDIENCE)
                .add("sub", subject)
                .add("groups", Json.createArrayBuilder(List.of(groups)))
                .add("iat", now)
                .add("exp", now + Duration.ofHours(6).toSeconds())
                .build());
    }

    HttpRequest.Builder request(String path, String authorization) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Authorization", authorization);
    }

    HttpRequest postJson(String path, String authorization, String json) {
        return request(path, authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> expect200(HttpRequest request) {
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    void createAudience(String authorization) {
        expect200(request("v1/audience", authorization).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The /ws address with a fresh single-use ticket for the token's caller. */
    URI socketWithTicket(String authorization) {
        String body = expect200(request("v1/sign", authorization).GET().build()).body();
        String ticket = Json.createReader(new StringReader(body)).readObject().getString("key");
        return URI.create(base.resolve("ws?token=" + ticket).toString().replaceFirst("^http", "ws"));
    }
}
