package herald.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A herald.v1 connection subscribed to many topics, checking what it receives: per topic, seqs from 1 without
 * a gap or a repeat. Bench messages carry their send time, so each event is timed from publish to receipt.
 */
final class RelaySubscriber implements WebSocket.Listener {

    /** Looked up once, here: the JSON-P provider is not found from the HTTP client's threads. */
    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

    private final StringBuilder partial = new StringBuilder();
    private final CountDownLatch acknowledged;
    private final Map<String, Long> lastSeq = new HashMap<>();
    final Latencies latencies = new Latencies();
    private long received;
    private long gaps;
    private long repeats;
    private volatile WebSocket socket;
    private volatile String failure;

    private RelaySubscriber(int topics) {
        this.acknowledged = new CountDownLatch(topics);
    }

    /** Connects and subscribes to every topic; returns once every subscribe is acknowledged. */
    static RelaySubscriber subscribe(HttpClient http, URI uri, List<String> topics) throws InterruptedException {
        RelaySubscriber subscriber = new RelaySubscriber(topics.size());
        WebSocket socket = http.newWebSocketBuilder().subprotocols("herald.v1").connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, subscriber).join();
        CompletableFuture<WebSocket> sent = CompletableFuture.completedFuture(socket);
        for (String topic : topics) {
            String frame = "{\"action\":\"subscribe\",\"topic\":\"" + topic + "\",\"ref\":\"" + topic + "\"}";
            sent = sent.thenCompose(open -> open.sendText(frame, true));
        }
        try {
            sent.join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("subscribing failed: " + subscriber.failure, e);
        }
        if (!subscriber.acknowledged.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(subscriber.acknowledged.getCount() + " subscriptions not acknowledged: "
                    + subscriber.failure);
        }
        return subscriber;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long receivedAt = System.nanoTime();
        partial.append(data);
        if (last && partial.charAt(0) != '{' && partial.charAt(0) != '[') {
            partial.setLength(0); // the first frame: the connection's id
        } else if (last) {
            JsonStructure frame = JSON.createReader(new StringReader(partial.toString())).read();
            partial.setLength(0);
            if (frame.getValueType() == JsonValue.ValueType.ARRAY) {
                frame.asJsonArray().forEach(event -> take(event.asJsonObject(), receivedAt));
            } else {
                take(frame.asJsonObject(), receivedAt);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void take(JsonObject frame, long receivedAt) {
        switch (frame.getString("type")) {
            case "ack" -> acknowledged.countDown();
            case "event" -> event(frame, receivedAt);
            default -> failure = "refused: " + frame;
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        failure = "closed by the server: " + statusCode + " " + reason;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failure = "failed: " + error;
    }

    private synchronized void event(JsonObject event, long receivedAt) {
        long seq = event.getJsonNumber("seq").longValue();
        long previous = lastSeq.getOrDefault(event.getString("topic"), 0L);
        if (seq <= previous) {
            repeats++;
            return;
        }
        gaps += seq - previous - 1;
        lastSeq.put(event.getString("topic"), seq);
        received++;
        latencies.add(receivedAt - event.getJsonObject("body").getJsonNumber("sent").longValue());
    }

    synchronized long received() {
        return received;
    }

    /** Seqs skipped and seqs received twice or out of order: both must be 0. */
    synchronized long faults() {
        return gaps + repeats;
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").exceptionally(failure -> null).join();
    }
}
