package herald.it;

import static herald.it.StreamClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** [LOG-ORDER] [LOG-NAMESEQ] [ES-LOCK] under real concurrency, checked through the API and in the database. */
class ConcurrentProducersIT extends DeployedHerald {

    static final int PRODUCERS = 50;
    static final int EVENTS_EACH = 20;

    final StreamClient client = new StreamClient(this, basicProducer());

    @Test
    void concurrentProducersLeaveAGaplessOrderedLog() throws Exception {
        String stream = unique("concurrent");
        client.produce(stream, "shop", event("Warmup", "{}")); // the stream exists; the race is on its head
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers.add(pool.submit(() -> {
                    start.await();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < EVENTS_EACH; i++) {
                        HttpResponse<String> response = client.produce(stream, "shop",
                                event("OrderPlaced", "{\"producer\":" + producer + ",\"i\":" + i + "}"));
                        assertEquals(200, response.statusCode(), response.body());
                        ids.add(json(response.body()).toString().replace("\"", ""));
                    }
                    return ids;
                }));
            }
            start.countDown();
            Set<String> acknowledgedIds = new HashSet<>();
            for (Future<List<String>> producer : producers) {
                acknowledgedIds.addAll(producer.get());
            }
            assertEquals(PRODUCERS * EVENTS_EACH, acknowledgedIds.size());

            List<String> pulled = new ArrayList<>();
            Map<Integer, Integer> lastIndexOfProducer = new HashMap<>();
            for (int page = 0; page < 10; page++) {
                JsonArray events = json(client.pull(stream, "auditor", "OrderPlaced", 100).body()).asJsonArray();
                assertEquals(100, events.size(), "page " + page);
                for (JsonObject event : events.getValuesAs(JsonObject.class)) {
                    pulled.add(event.getString("eventId"));
                    int producer = event.getJsonObject("payload").getInt("producer");
                    int index = event.getJsonObject("payload").getInt("i");
                    assertEquals(lastIndexOfProducer.getOrDefault(producer, -1) + 1, index,
                            "each producer's events in the order it posted them");
                    lastIndexOfProducer.put(producer, index);
                }
                assertEquals(200, client.ack(stream, "auditor", pulled.get(pulled.size() - 1)).statusCode());
            }
            assertEquals("[]", client.pull(stream, "auditor", "OrderPlaced", 100).body());
            assertEquals(acknowledgedIds, new HashSet<>(pulled), "exactly the acknowledged events, once each");
            assertEquals(PRODUCERS * EVENTS_EACH, pulled.size());

            assertGapless(stream, "OrderPlaced", PRODUCERS * EVENTS_EACH);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoProducersRacingOnANewStreamHaveOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String stream = unique("race");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> racers = new ArrayList<>();
                for (String producer : List.of("first", "second")) {
                    Callable<HttpResponse<String>> race = () -> {
                        start.await();
                        return client.produce(stream, producer, event("Claimed", "{\"by\":\"" + producer + "\"}"));
                    };
                    racers.add(pool.submit(race));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                String winner = null;
                for (int i = 0; i < 2; i++) {
                    HttpResponse<String> response = racers.get(i).get();
                    statuses.add(response.statusCode());
                    if (response.statusCode() == 200) {
                        winner = i == 0 ? "first" : "second";
                    }
                }
                statuses.sort(null);
                assertEquals(List.of(200, 423), statuses, "round " + round);
                JsonArray stored = json(client.pull(stream, "c", "Claimed", 10).body()).asJsonArray();
                assertEquals(1, stored.size(), "nothing half-written by the loser");
                assertEquals(winner, stored.getJsonObject(0).getJsonObject("payload").getString("by"));
                assertEquals(winner, owner(stream));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * [LOG-ORDER] Every door writes one topic at the same time — Courier hook publishes, herald.v1 socket
     * publishes and an Eventserver producer, while push_events batches hit other topics of the audience — and
     * the topic holds exactly the acknowledged events, seqs 1..n without a gap (issue 9: group commit mixes
     * the doors' requests in one transaction).
     */
    @Test
    void everyDoorWritingOneTopicAtOnceLeavesOneGaplessLog() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice", "admin");
        String topic = unique("mixed");
        StreamClient producer = new StreamClient(this, "Bearer " + alice.token);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> { // Courier hook
                    start.await();
                    for (int i = 0; i < EVENTS_EACH; i++) {
                        assertEquals(200, alice.hook(topic, "{\"hook\":" + writer + ",\"i\":" + i + "}").statusCode());
                    }
                    return EVENTS_EACH;
                }));
                writers.add(pool.submit(() -> { // herald.v1 socket, each publish acked before the next
                    SocketClient socket = alice.connect("herald.v1");
                    start.await();
                    for (int i = 0; i < EVENTS_EACH; i++) {
                        socket.send("{\"action\":\"publish\",\"topic\":\"" + topic + "\",\"ref\":\"r" + i
                                + "\",\"message\":{\"socket\":" + writer + ",\"i\":" + i + "}}");
                        String answer = socket.next();
                        assertTrue(answer.contains("\"type\":\"ack\""), answer);
                    }
                    socket.close();
                    return EVENTS_EACH;
                }));
                writers.add(pool.submit(() -> { // push_events into other topics of the audience, 20 users a call
                    start.await();
                    StringBuilder batch = new StringBuilder("[");
                    for (int u = 0; u < 20; u++) {
                        batch.append(u == 0 ? "" : ",").append("{\"accessid\":\"u").append(u)
                                .append("\",\"created_at\":1,\"payload\":").append(writer).append('}');
                    }
                    for (int i = 0; i < 5; i++) {
                        assertEquals(200, alice.post("/push_events", batch + "]").statusCode());
                    }
                    return 0;
                }));
            }
            writers.add(pool.submit(() -> { // the Eventserver producer owning the topic as its stream
                start.await();
                for (int i = 0; i < EVENTS_EACH; i++) {
                    HttpResponse<String> produced = producer.produce(topic, "shop", event("Placed", "{\"i\":" + i + "}"));
                    assertEquals(200, produced.statusCode(), produced.body());
                }
                return EVENTS_EACH;
            }));
            start.countDown();
            int acknowledged = 0;
            for (Future<Integer> writer : writers) {
                acknowledged += writer.get();
            }
            List<StoredEvent> stored = StoredEvent.inAudience(alice.audience).stream()
                    .filter(event -> event.topic().equals(topic)).toList();
            assertEquals(acknowledged, stored.size(), "exactly the acknowledged events");
            for (int i = 0; i < stored.size(); i++) {
                assertEquals(i + 1, stored.get(i).seq(), "seq is gapless across the doors");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertGapless(String stream, String name, int expected) throws Exception {
        try (Connection db = TestServer.database();
             PreparedStatement select = db.prepareStatement("""
                     select e.seq, e.name_seq from event e join topic t on t.id = e.topic_id
                      where t.name = ? and e.name = ? order by e.seq""")) {
            select.setString(1, stream);
            select.setString(2, name);
            try (ResultSet rows = select.executeQuery()) {
                long expectedNameSeq = 1;
                long previousSeq = 1; // seq 1 is the warm-up event
                while (rows.next()) {
                    assertEquals(previousSeq + 1, rows.getLong(1), "seq is gapless");
                    assertEquals(expectedNameSeq, rows.getLong(2), "name_seq is gapless");
                    previousSeq = rows.getLong(1);
                    expectedNameSeq++;
                }
                assertEquals(expected + 1, expectedNameSeq);
            }
        }
    }

    private static String owner(String stream) throws Exception {
        try (Connection db = TestServer.database();
             PreparedStatement select = db.prepareStatement("select owner_producer from topic where name = ?")) {
            select.setString(1, stream);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                return row.getString(1);
            }
        }
    }
}
