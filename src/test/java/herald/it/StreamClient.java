package herald.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;

/** Requests of the Eventserver door as its documented clients send them. */
final class StreamClient {

    static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final Function<String, HttpRequest.Builder> requests;
    private final Function<HttpRequest, HttpResponse<String>> sender;
    private final String authorization;

    StreamClient(DeployedHerald herald, String authorization) {
        this.requests = herald::request;
        this.sender = herald::send;
        this.authorization = authorization;
    }

    HttpResponse<String> produce(String stream, String producer, String body) {
        return sender.apply(requests.apply(events(stream))
                .header("Authorization", authorization)
                .header("Accept", JSON_UTF8)
                .header("Content-Type", JSON_UTF8)
                .header("X-Producer-ID", producer)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> pull(String stream, String consumer, String eventName, int limit) {
        return sender.apply(requests.apply(events(stream) + "?eventName=" + eventName + "&limit=" + limit)
                .header("Authorization", authorization)
                .header("Accept", JSON_UTF8)
                .header("Content-Type", JSON_UTF8)
                .header("X-Consumer-ID", consumer)
                .GET().build());
    }

    HttpResponse<String> ack(String stream, String consumer, String eventId) {
        return sender.apply(requests.apply(events(stream) + "/" + eventId)
                .header("Authorization", authorization)
                .header("Accept", JSON_UTF8)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Consumer-ID", consumer)
                .POST(HttpRequest.BodyPublishers.ofString("action=ACK")).build());
    }

    static String events(String stream) {
        return "/api/v1/streams/" + stream + "/events";
    }

    /** A body as the seed README documents it. */
    static String event(String name, String payload) {
        return """
                {"event":{"name":"%s","version":1},
                 "system":{"id":"alv123","name":"codello alvine","time":"2017-09-06 13:58:12","timezone":"Europe/Berlin"},
                 "trigger":{"type":"system","name":"/path/to/script.php"},
                 "payload":%s}""".formatted(name, payload);
    }
}
