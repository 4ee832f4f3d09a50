package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * [BROKER-START] [BROKER-ORDER] A live subscriber gets every event of its topic after the head its subscribe
 * was acked with, in seq order, with no gap and no duplicate, on one node and across two nodes on one
 * PostgreSQL (the node under test and a Payara Micro node started here). Both cases of issue 10.
 */
class LiveDeliveryIT extends DeployedHerald {

    private static final int TOPICS = 20;
    private static final int PUBLISHES_PER_TOPIC = 4;

    private static SecondNode secondNode;

    @BeforeAll
    static void startSecondNode() throws Exception {
        secondNode = SecondNode.start();
    }

    @AfterAll
    static void stopSecondNode() {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    @Test
    void simultaneousFirstPublishesOfFreshTopicsAllReachALiveSubscriber() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        everyFirstEventArrives(alice, List.of(alice));
    }

    @Test
    void simultaneousFirstPublishesSplitOverTwoNodesAllReachSubscribersOnBoth() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        CourierClient aliceOnB = alice.on(secondNode.herald);
        everyFirstEventArrives(alice, List.of(alice, aliceOnB));
        everyFirstEventArrives(aliceOnB, List.of(alice, aliceOnB));
    }

    @Test
    void aLateSubscriberOnANodeThatFollowedNothingGetsOnlyNewEvents() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        CourierClient aliceOnB = alice.on(secondNode.herald);
        SocketClient early = aliceOnB.connect("herald.v1");
        subscribe(early, "ledger", "");
        assertEquals(200, alice.hook("ledger", "{\"n\":1}").statusCode());
        assertEquals(List.of(1L), HeraldV1IT.eventSeqs(early, 1), "node B relays node A's commit");
        early.close();
        assertEquals(1000, early.awaitEnd(), "node B's last subscriber of the topic has gone");

        for (int n = 2; n <= 21; n++) { // node B follows the topic no more
            assertEquals(200, alice.hook("ledger", "{\"n\":" + n + "}").statusCode());
        }
        SocketClient late = aliceOnB.connect("herald.v1");
        assertEquals(21, subscribe(late, "ledger", ""), "acked with the head");
        assertEquals(200, alice.hook("ledger", "{\"n\":22}").statusCode());
        assertEquals(List.of(22L), HeraldV1IT.eventSeqs(late, 1), "no history replayed into a live subscriber");
        assertEquals(200, alice.hook("ledger", "{\"n\":23}").statusCode());
        assertEquals(List.of(23L), HeraldV1IT.eventSeqs(late, 1), "and nothing twice");
    }

    @Test
    void framesWrittenAsBytesByPayaraMicroAreTheMessagesAsStored() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        CourierClient aliceOnB = alice.on(secondNode.herald);
        SocketClient original = aliceOnB.connect();
        original.send("{\"action\":\"subscribe\",\"topic\":\"bytes\"}");
        CourierSocketIT.awaitSubscribed(aliceOnB, original, "bytes");
        assertTrue(secondNode.logText().contains("encoded once per message and written as bytes"),
                "Payara Micro's Tyrus takes Herald's encoded frames (TyrusFrames), so this test checks them");
        List<String> messages = List.of("{\"t\":\"é€😀\"}", "{\"t\":\"" + "ü".repeat(100) + "\"}",
                "{\"t\":\"" + "€".repeat(6_000) + "\"}");
        for (String message : messages) { // 7- and 16-bit lengths in the frame header, multi-byte UTF-8
            assertEquals(200, alice.hook("bytes", message).statusCode());
            assertEquals(message, original.next());
        }

        List<String> bodies = IntStream.rangeClosed(1, 40).mapToObj(n -> "{\"n\":" + n + ",\"t\":\"" + "ß€".repeat(700) + "\"}").toList();
        for (String body : bodies) {
            assertEquals(200, alice.hook("pages", body).statusCode());
        }
        SocketClient resuming = aliceOnB.connect("herald.v1");
        resuming.send("{\"action\":\"subscribe\",\"topic\":\"pages\",\"since\":0}");
        // 140 KB replayed at once: what queues behind the first send goes out as arrays joined as bytes
        List<JsonObject> events = HeraldV1IT.eventObjects(resuming, bodies.size());
        assertEquals(LongStream.rangeClosed(1, 40).boxed().toList(),
                events.stream().map(event -> event.getJsonNumber("seq").longValue()).toList());
        assertEquals(bodies.stream().map(DeployedHerald::json).toList(),
                events.stream().map(event -> event.get("body")).toList());
    }

    /**
     * Subscribes a socket per subscriber node to {@value TOPICS} fresh topics, then publishes
     * {@value PUBLISHES_PER_TOPIC} events to each topic at the same moment, alternating over
     * {@code publishers}, and checks that every subscriber saw seqs 1..4 of every topic, in order.
     */
    private void everyFirstEventArrives(CourierClient subscriberNode, List<CourierClient> publishers) throws Exception {
        String prefix = unique("fresh");
        List<String> topics = IntStream.range(0, TOPICS).mapToObj(i -> prefix + "-" + i).toList();
        List<SocketClient> sockets = new ArrayList<>();
        for (CourierClient node : List.of(subscriberNode, publishers.get(publishers.size() - 1))) {
            SocketClient socket = node.connect("herald.v1");
            for (String topic : topics) {
                assertEquals(0, subscribe(socket, topic, ""), "a fresh topic's head is 0");
            }
            sockets.add(socket);
        }
        List<CompletableFuture<HttpResponse<String>>> publishes = new ArrayList<>();
        for (String topic : topics) {
            for (int n = 0; n < PUBLISHES_PER_TOPIC; n++) {
                publishes.add(publishers.get(n % publishers.size()).hookAsync(topic, "{\"n\":" + n + "}"));
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
