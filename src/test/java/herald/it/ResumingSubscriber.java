package herald.it;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A herald.v1 subscriber of some topics that does what herald.js does: when its connection ends it connects
 * again (to the URL {@code /v1/sign} names) and resumes every topic with {@code since} the last seq it has.
 * It keeps every event it was sent, in arrival order and duplicates included, so that tests can prove there
 * were none.
 */
final class ResumingSubscriber {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final CourierClient user;
    /** Per topic, the seq it has everything up to: the head its first subscribe was acked with, then each event's. */
    private final Map<String, Long> position = new LinkedHashMap<>();
    private final Map<String, List<JsonObject>> received = new HashMap<>();
    /** Per topic, the seq its last subscribe was acked with. */
    final Map<String, Long> acked = new HashMap<>();
    final List<SocketClient> connections = new ArrayList<>();
    private final Set<String> awaitedAcks = new HashSet<>();
    private SocketClient socket;

    private ResumingSubscriber(CourierClient user) {
        this.user = user;
    }

    /** Subscribed to each topic without since, so it gets what follows each topic's head; once acked. */
    static ResumingSubscriber atHead(CourierClient user, List<String> topics) throws InterruptedException {
        ResumingSubscriber subscriber = new ResumingSubscriber(user);
        topics.forEach(topic -> subscriber.position.put(topic, null));
        subscriber.connect();
        return subscriber;
    }

    /** Subscribed to each topic with {@code since}, so it gets every event after it; once acked, after the replay. */
    static ResumingSubscriber since(CourierClient user, List<String> topics, long since) throws InterruptedException {
        ResumingSubscriber subscriber = new ResumingSubscriber(user);
        topics.forEach(topic -> subscriber.position.put(topic, since));
        subscriber.connect();
        return subscriber;
    }

    private void connect() throws InterruptedException {
        socket = user.connectAsSigned("herald.v1");
        connections.add(socket);
        position.forEach((topic, seq) -> {
            socket.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\",\"ref\":\"" + topic + "\""
                    + (seq == null ? "" : ",\"since\":" + seq) + "}");
            awaitedAcks.add(topic);
        });
        while (!awaitedAcks.isEmpty()) {
            if (!read() && socket.closeCode.isDone()) {
                fail("the connection ended before its subscriptions were acked: " + socket.closeCode.getNow(null));
            }
        }
    }

    /** Reads frames until it has every topic up to {@code heads}, connecting again whenever its connection ends. */
    void catchUp(Map<String, Long> heads) throws InterruptedException {
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (heads.entrySet().stream().anyMatch(head -> position.get(head.getKey()) < head.getValue())) {
            if (!read() && socket.closeCode.isDone()) {
                connect();
            }
            if (Instant.now().isAfter(deadline)) {
                fail("not caught up with " + heads + " within " + CATCH_UP + ": at " + position);
            }
        }
    }

    /** One frame, if one comes within a moment; false if none did. */
    private boolean read() throws InterruptedException {
        String frame = socket.frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame == null) {
            return false;
        }
        JsonValue value = DeployedHerald.json(frame);
        for (JsonValue part : value.getValueType() == JsonValue.ValueType.ARRAY ? value.asJsonArray() : List.of(value)) {
            JsonObject item = part.asJsonObject();
            switch (item.getString("type")) {
                case "event" -> {
                    String topic = item.getString("topic");
                    received.computeIfAbsent(topic, t -> new ArrayList<>()).add(item);
                    position.put(topic, item.getJsonNumber("seq").longValue());
                }
                case "ack" -> {
                    String topic = item.getString("ref");
                    awaitedAcks.remove(topic);
                    acked.put(topic, item.getJsonNumber("seq").longValue());
                    if (position.get(topic) == null) {
                        position.put(topic, item.getJsonNumber("seq").longValue());
                    }
                }
                default -> fail("unexpected frame " + frame);
            }
        }
        return true;
    }

    /** Every seq of {@code topic} it was sent, in arrival order. */
    List<Long> seqs(String topic) {
        return events(topic).stream().map(event -> event.getJsonNumber("seq").longValue()).toList();
    }

    /** Every event of {@code topic} it was sent, in arrival order. */
    List<JsonObject> events(String topic) {
        return received.getOrDefault(topic, List.of());
    }

    void close() {
        socket.close();
    }
}
