package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** [CR-RESUME] and the rest of the {@code herald.v1} subprotocol (SPEC §3, §9). */
class HeraldV1IT extends DeployedHerald {

    @Test
    void actionsAreAcknowledgedWithTheirSeqAfterCommit() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient socket = alice.connect("herald.v1");
        socket.send("{\"action\":\"subscribe\",\"topic\":\"orders\",\"ref\":\"s1\"}");
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"s1\",\"seq\":0}"), object(socket.next()));
        socket.send("{\"action\":\"publish\",\"topic\":\"orders\",\"message\":{\"n\":1},\"ref\":7}");
        List<JsonObject> frames = List.of(object(socket.next()), object(socket.next()));
        JsonObject event = frames.stream().filter(f -> f.getString("type").equals("event")).findFirst().orElseThrow();
        JsonObject ack = frames.stream().filter(f -> f.getString("type").equals("ack")).findFirst().orElseThrow();
        assertEquals(object("{\"type\":\"ack\",\"ref\":7,\"seq\":1}"), ack);
        assertEquals("orders", event.getString("topic"));
        assertEquals(1, event.getInt("seq"));
        assertEquals("message", event.getString("name"));
        assertEquals(object("{\"n\":1}"), event.getJsonObject("body"));
        assertTrue(event.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), event.getString("time"));
        Instant.parse(event.getString("time"));

        socket.send("{\"action\":\"unsubscribe\",\"topic\":\"orders\",\"ref\":\"u\"}");
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"u\",\"seq\":1}"), object(socket.next()), "head at that moment");
        socket.send("{\"action\":\"broadcast\",\"message\":{\"all\":true},\"ref\":\"b\"}");
        List<JsonObject> broadcast = List.of(object(socket.next()), object(socket.next()));
        assertTrue(broadcast.stream().anyMatch(f -> f.getString("type").equals("event")
                && f.getString("topic").equals("$broadcast") && f.getString("name").equals("broadcast")), broadcast.toString());
    }

    @Test
    void publishesSentWithoutWaitingCommitAndAreAckedInTheOrderSent() throws Exception {
        // Publishes pipeline (up to 64 uncommitted per connection, then the connection waits): one socket
        // keeps the group commit busy instead of waiting a commit per round trip.
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient subscriber = alice.connect("herald.v1");
        subscriber.send("{\"action\":\"subscribe\",\"topic\":\"pipelined\",\"ref\":\"s\"}");
        assertEquals("ack", object(subscriber.next()).getString("type"));
        SocketClient publisher = alice.connect("herald.v1");
        int count = 300;
        for (int i = 0; i < count; i++) {
            publisher.send("{\"action\":\"publish\",\"topic\":\"pipelined\",\"message\":{\"n\":" + i + "},\"ref\":" + i + "}");
        }
        for (int i = 0; i < count; i++) {
            assertEquals(object("{\"type\":\"ack\",\"ref\":" + i + ",\"seq\":" + (i + 1) + "}"), object(publisher.next()),
                    "acks in the order sent, each with the seq its publish got");
        }
        List<JsonObject> events = eventObjects(subscriber, count);
        assertEquals(LongStream.rangeClosed(1, count).boxed().toList(), events.stream().map(e -> e.getJsonNumber("seq").longValue()).toList());
        for (int i = 0; i < count; i++) {
            assertEquals(i, events.get(i).getJsonObject("body").getInt("n"), "seq " + (i + 1) + " holds publish " + i);
        }
    }

    @Test
    void refusalsAreErrorFramesAndTheConnectionStays() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient socket = alice.connect("herald.v1");
        String[][] cases = {
                {"{\"action\":\"dance\",\"ref\":1}", "EACTION_UNKNOWN"},
                {"{\"action\":\"subscribe\",\"ref\":2}", "ETOPIC_INVALID"},
                {"{\"action\":\"subscribe\",\"topic\":\"$x\",\"ref\":3}", "ETOPIC_INVALID"},
                {"{\"action\":\"subscribe\",\"topic\":\"users/bob\",\"ref\":4}", "ETOPIC_FORBIDDEN"},
                {"{\"action\":\"publish\",\"topic\":\"a\",\"message\":1,\"ref\":5}", "EMESSAGE_INVALID"},
                {"{\"action\":\"subscribe\",\"topic\":\"a\",\"since\":\"yesterday\",\"ref\":6}", "EMESSAGE_INVALID"},
                {"{\"action\":\"publish\",\"topic\":\"a\",\"message\":{\"b\":\"" + "x".repeat(65_600) + "\"},\"ref\":7}", "EBODY_TOO_LARGE"},
        };
        for (String[] refused : cases) {
            socket.send(refused[0]);
            JsonObject error = object(socket.next());
            assertEquals("error", error.getString("type"));
            assertEquals(refused[1], error.getString("code"), refused[0]);
            assertTrue(!error.getString("error").isBlank());
        }
        socket.send("{\"action\":\"subscribe\",\"topic\":\"a\",\"ref\":\"ok\"}");
        assertEquals("ack", object(socket.next()).getString("type"), "still connected");
        socket.send("{oops");
        assertEquals(1007, socket.awaitClose(), "malformed JSON still closes");
    }

    @Test
    void resumeFromASeqJoinsLiveWithoutGapOrDuplicateWhilePublishesRace() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        for (int i = 1; i <= 300; i++) {
            assertEquals(200, alice.hook("ledger", "{\"i\":" + i + "}").statusCode());
        }
        CompletableFuture<Void> racing = CompletableFuture.runAsync(() -> {
            for (int i = 301; i <= 600; i++) {
                assertEquals(200, alice.hook("ledger", "{\"i\":" + i + "}").statusCode());
            }
        });
        SocketClient first = alice.connect("herald.v1");
        first.send("{\"action\":\"subscribe\",\"topic\":\"ledger\",\"since\":40,\"ref\":\"r\"}");
        List<Long> seen = new ArrayList<>(eventSeqs(first, 200)); // from 41 on, while publishes go on
        first.close();

        SocketClient second = alice.connect("herald.v1");
        second.send("{\"action\":\"subscribe\",\"topic\":\"ledger\",\"since\":" + seen.get(seen.size() - 1) + "}");
        racing.join();
        while (seen.get(seen.size() - 1) < 600) {
            seen.addAll(eventSeqs(second, 1));
        }
        assertEquals(LongStream.rangeClosed(41, 600).boxed().toList(), seen, "every seq after 40, once, in order");
    }

    @Test
    void resumeFromATimeReplaysEventsCreatedSinceThen() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        alice.hook("news", "{\"old\":true}");
        SocketClient probe = alice.connect("herald.v1");
        probe.send("{\"action\":\"subscribe\",\"topic\":\"news\",\"since\":0}");
        String cut = eventObjects(probe, 1).get(0).getString("time");
        alice.hook("news", "{\"new\":1}");
        alice.hook("news", "{\"new\":2}");

        SocketClient socket = alice.connect("herald.v1");
        socket.send("{\"action\":\"subscribe\",\"topic\":\"news\",\"since\":\"" + Instant.parse(cut).plusNanos(1000) + "\"}");
        List<JsonObject> events = eventObjects(socket, 2);
        assertEquals(List.of(2, 3), events.stream().map(e -> e.getInt("seq")).toList());
        assertEquals(object("{\"new\":1}"), events.get(0).getJsonObject("body"));
    }

    @Test
    void framesThatArriveTogetherAreEachAnswered() throws Exception {
        // A reconnecting client resubscribes all its topics at once. Payara once dropped every frame of a read
        // after the first, when the read listener's clean-up closed an EntityManager a second time.
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        alice.hook("a", "{}");
        for (int round = 0; round < 10; round++) {
            SocketClient socket = alice.connect("herald.v1");
            for (String topic : List.of("a", "b", "c")) {
                socket.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\",\"since\":0,\"ref\":\"" + topic + "\"}");
            }
            List<String> acked = new ArrayList<>();
            while (acked.size() < 3) {
                JsonValue frame = json(socket.next());
                if (frame.getValueType() == JsonValue.ValueType.OBJECT && frame.asJsonObject().getString("type").equals("ack")) {
                    acked.add(frame.asJsonObject().getString("ref"));
                }
            }
            assertEquals(List.of("a", "b", "c"), acked, "round " + round);
            socket.close();
        }
    }

    /** At least the next {@code count} events, whether they came one per frame or batched in arrays; acks skipped. */
    static List<JsonObject> eventObjects(SocketClient socket, int count) throws InterruptedException {
        List<JsonObject> events = new ArrayList<>();
        while (events.size() < count) {
            events.addAll(events(json(socket.next())));
        }
        return events;
    }

    /** The events in one frame, whether a single object or an array of them; acks and errors skipped. */
    static List<JsonObject> events(JsonValue frame) {
        List<JsonValue> items = frame.getValueType() == JsonValue.ValueType.ARRAY ? frame.asJsonArray() : List.of(frame);
        return items.stream().map(JsonValue::asJsonObject).filter(item -> item.getString("type").equals("event")).toList();
    }

    static List<Long> eventSeqs(SocketClient socket, int count) throws InterruptedException {
        return eventObjects(socket, count).stream().map(e -> e.getJsonNumber("seq").longValue()).toList();
    }
}
