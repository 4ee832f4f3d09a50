package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * [CR-DURABLE] [DC-START] [DC-FORWARD] Durable herald.v1 consumers (issue 11 §1): the server keeps a named consumer's
 * offset per topic, resumes it with no gap or duplicate, and moves it with acks that are cumulative, idempotent
 * and never backwards; {@code /v1/consumers} shows and forgets them. On other nodes: {@link ClusterIT}.
 */
class DurableConsumersIT extends DeployedHerald {

    @Test
    void aNewConsumerStartsAfterSinceAndLaterItsStoredOffsetWinsOverSince() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        publish(alice, "ledger", 4);
        SocketClient first = alice.connect("herald.v1");
        first.send(subscribe("ledger", "w", "s1", ",\"since\":1"));
        List<JsonObject> items = itemsUntil(first, item -> item.getString("type").equals("ack"));
        assertEquals(List.of(2L, 3L, 4L), seqs(items));
        first.send(ack("ledger", 3, "a"));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"a\",\"seq\":3}"), object(first.next()));
        first.close();

        SocketClient again = alice.connect("herald.v1");
        again.send(subscribe("ledger", "w", "s2", ",\"since\":0"));
        items = itemsUntil(again, item -> item.getString("type").equals("ack"));
        assertEquals(List.of(4L), seqs(items), "the stored offset 3, not since 0");
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"s2\",\"seq\":4}"), items.get(items.size() - 1));
    }

    @Test
    void acksAreCumulativeIdempotentNeverBackwardsAndNotBeyondTheHead() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        publish(alice, "jobs", 5);
        SocketClient socket = alice.connect("herald.v1");
        socket.send(subscribe("jobs", "w", "s", ",\"since\":0"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(itemsUntil(socket, item -> item.getString("type").equals("ack"))));

        socket.send(ack("jobs", 4, "four"));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"four\",\"seq\":4}"), object(socket.next()));
        socket.send(ack("jobs", 2, "two"));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"two\",\"seq\":4}"), object(socket.next()), "older: acked, nothing moves");
        socket.send(ack("jobs", 4, "again"));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"again\",\"seq\":4}"), object(socket.next()));
        socket.send(ack("jobs", 6, "six"));
        assertEquals(object("{\"type\":\"error\",\"ref\":\"six\",\"code\":\"ESEQ_INVALID\",\"error\":\"seq 6 is beyond the topic's head 5\"}"),
                object(socket.next()));

        assertRow(rows(alice.get("/v1/consumers/w"), 200).get(0), "w", "alice", "jobs", 4, 5);
        socket.send(ack("jobs", 5, "five"));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"five\",\"seq\":5}"), object(socket.next()), "still connected, still acking");
    }

    @Test
    void badConsumerFramesAreErrorFramesThatStoreNothing() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        publish(alice, "jobs", 2);
        SocketClient socket = alice.connect("herald.v1");
        socket.send("{\"action\":\"subscribe\",\"topic\":\"plain\",\"ref\":\"p\"}");
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"p\",\"seq\":0}"), object(socket.next()));
        String[][] cases = {
                {subscribe("jobs", "", "1", ""), "ECONSUMER_INVALID", "consumer must be 1-128 printable ASCII characters"},
                {subscribe("jobs", "x".repeat(129), "2", ""), "ECONSUMER_INVALID", "consumer must be 1-128 printable ASCII characters"},
                {subscribe("jobs", "caf\u00e9", "3", ""), "ECONSUMER_INVALID", "consumer must be 1-128 printable ASCII characters"},
                {"{\"action\":\"subscribe\",\"topic\":\"jobs\",\"consumer\":7,\"ref\":\"4\"}", "ECONSUMER_INVALID", "consumer must be 1-128 printable ASCII characters"},
                {ack("jobs", 1, "5"), "ECONSUMER_UNSUBSCRIBED", "Topic jobs is not subscribed with a consumer on this connection"},
                {ack("plain", 0, "6"), "ECONSUMER_UNSUBSCRIBED", "Topic plain is not subscribed with a consumer on this connection"},
                {"{\"action\":\"ack\",\"topic\":\"jobs\",\"seq\":\"1\",\"ref\":\"7\"}", "EMESSAGE_INVALID", "seq must be a non-negative integer"},
                {"{\"action\":\"ack\",\"topic\":\"jobs\",\"seq\":-1,\"ref\":\"8\"}", "EMESSAGE_INVALID", "seq must be a non-negative integer"},
                {"{\"action\":\"ack\",\"seq\":1,\"ref\":\"9\"}", "ETOPIC_INVALID", "Topic name is missing"},
        };
        for (String[] refused : cases) {
            socket.send(refused[0]);
            JsonObject error = object(socket.next());
            assertEquals("error", error.getString("type"), refused[0]);
            assertEquals(refused[1], error.getString("code"), refused[0]);
            assertEquals(refused[2], error.getString("error"), refused[0]);
            assertEquals(object(refused[0]).get("ref"), error.get("ref"));
        }
        assertEquals("[]", alice.get("/v1/consumers").body(), "nothing was stored");
        socket.send(subscribe("jobs", "a b~!", "ok", ""));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"ok\",\"seq\":2}"), object(socket.next()), "printable ASCII, spaces included");
    }

    @Test
    void aBurstOfAcksIsAllAnsweredAndLeavesTheHighestOffset() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        publish(alice, "burst", 300);
        double acksBefore = metric("herald_consumer_acks_total");
        SocketClient socket = alice.connect("herald.v1");
        socket.send(subscribe("burst", "w", "s", ",\"since\":0"));
        assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(),
                seqs(itemsUntil(socket, item -> item.getString("type").equals("ack"))));
        for (int seq = 1; seq <= 300; seq++) {
            socket.send(ack("burst", seq, "a" + seq));
        }
        Set<String> answered = new HashSet<>();
        while (answered.size() < 300) {
            JsonObject frame = object(socket.next());
            assertEquals("ack", frame.getString("type"), frame.toString());
            int ref = Integer.parseInt(frame.getString("ref").substring(1));
            assertTrue(frame.getInt("seq") >= ref, "an ack is answered with at least its own seq: " + frame);
            assertTrue(answered.add(frame.getString("ref")), "answered once: " + frame);
        }
        assertRow(rows(alice.get("/v1/consumers/w"), 200).get(0), "w", "alice", "burst", 300, 300);
        assertTrue(metric("herald_consumer_acks_total") >= acksBefore + 300, "every stored ack is counted");
        assertEquals(1, send(request("/metrics").GET().build()).body().lines()
                .filter(line -> line.startsWith("herald_consumer_acks_total")).count(), "one series, no label per consumer or topic");
    }

    @Test
    void twoConnectionsOfOneConsumerBothReceiveAndTheOffsetIsTheHigherAck() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient one = alice.connect("herald.v1");
        SocketClient two = alice.connect("herald.v1");
        one.send(subscribe("shared", "w", "s1", ""));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"s1\",\"seq\":0}"), object(one.next()));
        two.send(subscribe("shared", "w", "s2", ""));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"s2\",\"seq\":0}"), object(two.next()));
        publish(alice, "shared", 4);
        assertEquals(List.of(1L, 2L, 3L, 4L), HeraldV1IT.eventSeqs(one, 4));
        assertEquals(List.of(1L, 2L, 3L, 4L), HeraldV1IT.eventSeqs(two, 4));

        two.send(ack("shared", 3, "t"));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"t\",\"seq\":3}"), object(two.next()));
        one.send(ack("shared", 1, "o"));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"o\",\"seq\":3}"), object(one.next()), "the other connection's ack stands");
        assertRow(rows(alice.get("/v1/consumers/w"), 200).get(0), "w", "alice", "shared", 3, 4);
        assertTrue(metric("herald_consumer_lag") >= 1, "the summed lag includes this consumer's 1");
    }

    @Test
    void consumersAreListedForTheirSubjectAllForAdminAndForgottenByDelete() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        CourierClient bob = alice.as("bob");
        CourierClient admin = alice.as("root", "admin");
        publish(alice, "a", 2);
        subscribeAndAck(alice, "a", "w", 1);
        subscribeAndAck(alice, "b", "w", 0);
        subscribeAndAck(bob, "a", "w", 2);

        List<JsonObject> mine = rows(alice.get("/v1/consumers"), 200);
        assertEquals(2, mine.size(), mine.toString());
        assertRow(mine.get(0), "w", "alice", "a", 1, 2);
        assertRow(mine.get(1), "w", "alice", "b", 0, 0);
        List<JsonObject> all = rows(admin.get("/v1/consumers/w"), 200);
        assertEquals(3, all.size(), all.toString());
        assertRow(all.get(2), "w", "bob", "a", 2, 2);
        assertEquals(3, rows(admin.get("/v1/consumers"), 200).size());
        assertEquals(1, rows(bob.get("/v1/consumers/w"), 200).size());
        assertError(alice.get("/v1/consumers/nope"), 404, "ECONSUMER_NOTFOUND", "Consumer nope does not exist");
        assertError(send(request("/v1/consumers").GET().build()), 401, "ETOKEN_INVALID", null);

        assertEquals(204, delete(alice, "/v1/consumers/w").statusCode());
        assertEquals("[]", alice.get("/v1/consumers").body());
        assertEquals(1, rows(admin.get("/v1/consumers"), 200).size(), "bob's consumer stays");
        assertError(delete(alice, "/v1/consumers/w"), 404, "ECONSUMER_NOTFOUND", "Consumer w does not exist");

        publish(alice, "a", 1);
        SocketClient fresh = alice.connect("herald.v1");
        fresh.send(subscribe("a", "w", "s", ""));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"s\",\"seq\":3}"), object(fresh.next()), "forgotten: starts over at the head");
        assertRow(rows(alice.get("/v1/consumers/w"), 200).get(0), "w", "alice", "a", 3, 3);
    }

    @Test
    void aConsumerNameMayHoldASlashInTheRestPath() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        subscribeAndAck(alice, "t", "team/worker", 0);
        assertRow(rows(alice.get("/v1/consumers/team/worker"), 200).get(0), "team/worker", "alice", "t", 0, 0);
        assertEquals(204, delete(alice, "/v1/consumers/team/worker").statusCode());
    }

    private void subscribeAndAck(CourierClient user, String topic, String consumer, long seq) throws Exception {
        SocketClient socket = user.connect("herald.v1");
        socket.send(subscribe(topic, consumer, "s", ",\"since\":0"));
        itemsUntil(socket, item -> item.getString("type").equals("ack"));
        socket.send(ack(topic, seq, "a"));
        assertEquals("ack", object(socket.next()).getString("type"));
        socket.close();
    }

    private HttpResponse<String> delete(CourierClient user, String path) {
        return send(request(path).header("Authorization", "Bearer " + user.token).DELETE().build());
    }

    static void publish(CourierClient user, String topic, int count) {
        for (int i = 0; i < count; i++) {
            assertEquals(200, user.hook(topic, "{\"i\":" + i + "}").statusCode());
        }
    }

    static String subscribe(String topic, String consumer, String ref, String more) {
        return "{\"action\":\"subscribe\",\"topic\":\"" + topic + "\",\"consumer\":\"" + consumer + "\",\"ref\":\"" + ref + "\"" + more + "}";
    }

    static String ack(String topic, long seq, String ref) {
        return "{\"action\":\"ack\",\"topic\":\"" + topic + "\",\"seq\":" + seq + ",\"ref\":\"" + ref + "\"}";
    }

    /** Every item of the next frames (arrays flattened) up to and including the first that {@code last} accepts. */
    static List<JsonObject> itemsUntil(SocketClient socket, Predicate<JsonObject> last) throws InterruptedException {
        List<JsonObject> items = new ArrayList<>();
        while (true) {
            JsonValue frame = json(socket.next());
            List<JsonValue> parts = frame.getValueType() == JsonValue.ValueType.ARRAY ? frame.asJsonArray() : List.of(frame);
            for (JsonValue part : parts) {
                items.add(part.asJsonObject());
                if (last.test(part.asJsonObject())) {
                    return items;
                }
            }
        }
    }

    static List<Long> seqs(List<JsonObject> items) {
        return items.stream().filter(item -> item.getString("type").equals("event"))
                .map(item -> item.getJsonNumber("seq").longValue()).toList();
    }

    static List<JsonObject> rows(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), response.headers().toString());
        return json(response.body()).asJsonArray().stream().map(JsonValue::asJsonObject).toList();
    }

    static void assertRow(JsonObject row, String consumer, String subject, String topic, long offset, long head) {
        assertEquals(Set.of("consumer", "subject", "topic", "offset", "head", "lag", "updated_at"), row.keySet());
        assertEquals(consumer, row.getString("consumer"));
        assertEquals(subject, row.getString("subject"));
        assertEquals(topic, row.getString("topic"));
        assertEquals(offset, row.getJsonNumber("offset").longValue());
        assertEquals(head, row.getJsonNumber("head").longValue());
        assertEquals(head - offset, row.getJsonNumber("lag").longValue());
        OffsetDateTime updated = OffsetDateTime.parse(row.getString("updated_at"));
        assertTrue(Duration.between(updated.toInstant(), java.time.Instant.now()).abs().toMinutes() < 5, row.toString());
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String message) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject envelope = object(response.body());
        assertEquals(code, envelope.getString("code"));
        assertEquals(status, envelope.getInt("status"));
        if (message != null) {
            assertEquals(message, envelope.getString("error"));
        }
    }
}
