package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * [BROKER-START] [BROKER-ORDER] A live subscriber gets every event of its topic after the head its subscribe
 * was acked with, in seq order, with no gap and no duplicate (issue 10, on one node; across nodes:
 * {@link ClusterIT}).
 */
class LiveDeliveryIT extends DeployedHerald {

    private static final int TOPICS = 20;
    private static final int PUBLISHES_PER_TOPIC = 4;

    @Test
    void simultaneousFirstPublishesOfFreshTopicsAllReachALiveSubscriber() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        everyFirstEventArrives(alice);
    }

    @Test
    void aLateSubscriberAfterTheTopicsLastSubscriberLeftGetsOnlyNewEvents() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient early = alice.connect("herald.v1");
        subscribe(early, "ledger", "");
        assertEquals(200, alice.hook("ledger", "{\"n\":1}").statusCode());
        assertEquals(List.of(1L), HeraldV1IT.eventSeqs(early, 1));
        early.close();
        assertEquals(1000, early.awaitEnd(), "the topic's last subscriber on this node has gone");

        for (int n = 2; n <= 21; n++) { // the node follows the topic no more
            assertEquals(200, alice.hook("ledger", "{\"n\":" + n + "}").statusCode());
        }
        SocketClient late = alice.connect("herald.v1");
        assertEquals(21, subscribe(late, "ledger", ""), "acked with the head");
        assertEquals(200, alice.hook("ledger", "{\"n\":22}").statusCode());
        assertEquals(List.of(22L), HeraldV1IT.eventSeqs(late, 1), "no history replayed into a live subscriber");
        assertEquals(200, alice.hook("ledger", "{\"n\":23}").statusCode());
        assertEquals(List.of(23L), HeraldV1IT.eventSeqs(late, 1), "and nothing twice");
    }

    /**
     * Subscribes two sockets to {@value TOPICS} fresh topics, then publishes {@value PUBLISHES_PER_TOPIC}
     * events to each topic at the same moment, and checks that both saw seqs 1..4 of every topic, in order.
     */
    private void everyFirstEventArrives(CourierClient alice) throws Exception {
        String prefix = unique("fresh");
        List<String> topics = IntStream.range(0, TOPICS).mapToObj(i -> prefix + "-" + i).toList();
        List<SocketClient> sockets = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            SocketClient socket = alice.connect("herald.v1");
            for (String topic : topics) {
                assertEquals(0, subscribe(socket, topic, ""), "a fresh topic's head is 0");
            }
            sockets.add(socket);
        }
        List<CompletableFuture<HttpResponse<String>>> publishes = new ArrayList<>();
        for (String topic : topics) {
            for (int n = 0; n < PUBLISHES_PER_TOPIC; n++) {
                publishes.add(alice.hookAsync(topic, "{\"n\":" + n + "}"));
            }
        }
        for (CompletableFuture<HttpResponse<String>> publish : publishes) {
            assertEquals(200, publish.get(30, TimeUnit.SECONDS).statusCode());
        }
        List<Long> expected = List.of(1L, 2L, 3L, 4L);
        for (SocketClient socket : sockets) {
            Map<String, List<Long>> received = receive(socket, TOPICS * PUBLISHES_PER_TOPIC);
            for (String topic : topics) {
                assertEquals(expected, received.get(topic), topic + " of " + received);
            }
            socket.close();
        }
    }

    /** Subscribes and returns the acked head, skipping event frames of earlier subscriptions. */
    private static long subscribe(SocketClient socket, String topic, String extra) throws InterruptedException {
        socket.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\",\"ref\":\"" + topic + "\"" + extra + "}");
        while (true) {
            JsonObject frame = object(socket.next());
            if (frame.getString("type").equals("ack") && frame.getString("ref").equals(topic)) {
                return frame.getJsonNumber("seq").longValue();
            }
        }
    }

    /**
     * Every event frame until {@code count} events came or none came for a few seconds (a lost event shows as
     * a short list, not as a hang), by topic, in arrival order.
     */
    private static Map<String, List<Long>> receive(SocketClient socket, int count) throws InterruptedException {
        Map<String, List<Long>> byTopic = new TreeMap<>();
        LinkedBlockingQueue<String> frames = socket.frames;
        int received = 0;
        while (received < count) {
            String frame = frames.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                break;
            }
            for (JsonObject event : HeraldV1IT.events(json(frame))) {
                byTopic.computeIfAbsent(event.getString("topic"), topic -> new ArrayList<>())
                        .add(event.getJsonNumber("seq").longValue());
                received++;
            }
        }
        return byTopic;
    }
}
