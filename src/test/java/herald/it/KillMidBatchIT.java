package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * [LOG-GROUP] Nothing acknowledged is lost, and nothing is written twice, when a node dies in the middle of
 * its group commits (issue 9): a Payara Micro node on the tests' PostgreSQL is SIGKILLed while 24 clients
 * publish to it on 4 topics, so that groups are being gathered, committed and answered at that moment.
 * Afterwards every event the node answered 200 for is in the log exactly once, every topic's seqs are
 * gapless, and the node under test continues each topic right after its last committed seq. Events whose
 * answer never came may or may not be there (their commit may have happened), but never twice.
 */
class KillMidBatchIT extends DeployedHerald {

    private static final int CLIENTS = 24;
    private static final int TOPICS = 4;
    private static final int ACKED_BEFORE_KILL = 300;

    @Test
    void everyAcknowledgedEventIsInTheLogOnceAfterASigkillMidLoad() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger cutOff = new AtomicInteger();
        try (SecondNode doomed = SecondNode.start()) {
            CourierClient aliceOnDoomed = alice.on(doomed.herald);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread publisher = new Thread(() -> {
                    for (int n = 0; ; n++) {
                        String message = "{\"c\":" + client + ",\"n\":" + n + "}";
                        try {
                            HttpResponse<String> answer = aliceOnDoomed.hook("t" + client % TOPICS, message);
                            if (answer.statusCode() == 200) {
                                acknowledged.add(client + ":" + n);
                            }
                        } catch (RuntimeException connectionLost) {
                            cutOff.incrementAndGet();
                            return;
                        }
                    }
                }, "publisher-" + c);
                publisher.start();
                clients.add(publisher);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < ACKED_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            doomed.kill();
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
        assertTrue(acknowledged.size() >= ACKED_BEFORE_KILL, "the node was under load: " + acknowledged.size() + " acks");
        assertEquals(CLIENTS, cutOff.get(), "every client stopped when the node died");

        for (int t = 0; t < TOPICS; t++) { // the surviving node writes on: each topic continues after its last commit
            HttpResponse<String> next = alice.hook("t" + t, "{\"c\":-1,\"n\":" + t + "}");
            assertEquals(200, next.statusCode(), next.body());
        }

        Map<String, List<StoredEvent>> byTopic = new HashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        for (StoredEvent event : eventsOf(alice.audience)) {
            byTopic.computeIfAbsent(event.topic, topic -> new ArrayList<>()).add(event);
            JsonObject message = object(event.body);
            copies.merge(message.getInt("c") + ":" + message.getInt("n"), 1, Integer::sum);
        }
        for (String acked : acknowledged) {
            assertEquals(1, copies.getOrDefault(acked, 0), "acknowledged event " + acked + " is in the log once");
        }
        copies.forEach((event, count) -> assertEquals(1, count, "event " + event + " is not in the log twice"));
        assertEquals(TOPICS, byTopic.size());
        byTopic.forEach((topic, events) -> {
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).seq, "seqs of " + topic + " are gapless");
            }
            assertEquals(-1, object(events.get(events.size() - 1).body).getInt("c"),
                    "the surviving node's event follows the last committed one of " + topic);
        });
    }

    record StoredEvent(String topic, long seq, String body) {
    }

    /** Straight from PostgreSQL, so that what is checked is what was committed, not what a door shows. */
    static List<StoredEvent> eventsOf(String audience) throws Exception {
        try (Connection connection = TestServer.database();
             PreparedStatement select = connection.prepareStatement("""
                     select t.name, e.seq, e.body from event e
                       join topic t on t.id = e.topic_id join audience a on a.id = t.audience_id
                      where a.name = ? order by t.name, e.seq""")) {
            select.setString(1, audience);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    events.add(new StoredEvent(row.getString(1), row.getLong(2), row.getString(3)));
                }
            }
            return events;
        }
    }
}
