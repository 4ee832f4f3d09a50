package herald.it;

import static herald.it.StreamClient.JSON_UTF8;
import static herald.it.StreamClient.event;
import static herald.it.StreamClient.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Eventserver door exactly as SPEC §5 describes it: every status, body and header a client sees. */
class EventserverIT extends DeployedHerald {

    final StreamClient client = new StreamClient(this, basicProducer());

    @Test
    void producedEventIsPulledAsPostedAndAckMovesTheOffset() {
        String stream = unique("orders");
        HttpResponse<String> produced = client.produce(stream, "shop", event("OrderPlaced", "{\"order\":42}"));
        assertEquals(200, produced.statusCode());
        assertJsonHeader(produced);
        String eventId = json(produced.body()).toString().replace("\"", "");
        assertEquals(eventId, UUID.fromString(eventId).toString());

        HttpResponse<String> pulled = client.pull(stream, "billing", "OrderPlaced", 10);
        assertEquals(200, pulled.statusCode());
        assertJsonHeader(pulled);
        JsonObject expected = Json.createObjectBuilder()
                .add("eventId", eventId)
                .add("event", Json.createObjectBuilder().add("name", "OrderPlaced").add("version", 1))
                .add("system", Json.createObjectBuilder().add("id", "alv123").add("name", "codello alvine")
                        .add("time", "2017-09-06 13:58:12").add("timezone", "Europe/Berlin"))
                .add("trigger", Json.createObjectBuilder().add("type", "system").add("name", "/path/to/script.php"))
                .add("payload", Json.createObjectBuilder().add("order", 42))
                .build();
        assertEquals(Json.createArrayBuilder().add(expected).build(), json(pulled.body()));
        assertEquals(pulled.body(), client.pull(stream, "billing", "OrderPlaced", 10).body(),
                "pulling does not move the offset");

        HttpResponse<String> acked = client.ack(stream, "billing", eventId);
        assertEquals(200, acked.statusCode());
        assertEquals("\"OK\"", acked.body());
        assertJsonHeader(acked);
        assertEquals("[]", client.pull(stream, "billing", "OrderPlaced", 10).body());
        assertEquals(1, ids(client.pull(stream, "audit", "OrderPlaced", 10)).size(), "offsets are per consumer");
    }

    @Test
    void ackIsCumulativeAndIdempotent() {
        String stream = unique("orders");
        List<String> produced = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            produced.add(json(client.produce(stream, "shop", event("OrderPlaced", "{\"n\":" + i + "}")).body())
                    .toString().replace("\"", ""));
        }
        assertEquals(200, client.ack(stream, "billing", produced.get(2)).statusCode());
        assertEquals(produced.subList(3, 5), ids(client.pull(stream, "billing", "OrderPlaced", 10)));

        assertEquals("\"OK\"", client.ack(stream, "billing", produced.get(2)).body(), "retried ACK");
        assertEquals("\"OK\"", client.ack(stream, "billing", produced.get(0)).body(), "ACK behind the offset");
        assertEquals(produced.subList(3, 5), ids(client.pull(stream, "billing", "OrderPlaced", 10)));
    }

    @Test
    void pullFiltersByCaseSensitiveNameAndHonoursTheLimit() {
        String stream = unique("orders");
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            placed.add(json(client.produce(stream, "shop", event("OrderPlaced", "{}")).body()).toString().replace("\"", ""));
            client.produce(stream, "shop", event("OrderShipped", "{}"));
        }
        assertEquals(placed.subList(0, 2), ids(client.pull(stream, "c", "OrderPlaced", 2)));
        assertEquals(placed, ids(client.pull(stream, "c", "OrderPlaced", 1000)));
        assertEquals(List.of(), ids(client.pull(stream, "c", "orderplaced", 10)));
    }

    @Test
    void secondProducerIsLockedOut() {
        String stream = unique("orders");
        assertEquals(200, client.produce(stream, "shop", event("OrderPlaced", "{}")).statusCode());
        HttpResponse<String> locked = client.produce(stream, "intruder", event("OrderPlaced", "{}"));
        assertEquals(423, locked.statusCode());
        assertEquals("\"Locked - Second writers not allowed\"", locked.body());
        assertJsonHeader(locked);
        assertEquals(1, ids(client.pull(stream, "c", "OrderPlaced", 10)).size());
        assertEquals(200, client.produce(stream, "shop", event("OrderPlaced", "{}")).statusCode(), "owner still writes");
    }

    @Test
    void unknownStreamsAndEventsAreNotFound() {
        String stream = unique("missing");
        HttpResponse<String> pulled = client.pull(stream, "c", "OrderPlaced", 10);
        assertEquals(404, pulled.statusCode());
        assertEquals("\"Not Found - stream " + stream + "\"", pulled.body());
        assertJsonHeader(pulled);

        HttpResponse<String> acked = client.ack(stream, "c", UUID.randomUUID().toString());
        assertEquals(404, acked.statusCode());
        assertEquals("\"Not Found\"", acked.body());

        String existing = unique("orders");
        String other = unique("orders");
        client.produce(existing, "shop", event("OrderPlaced", "{}"));
        String elsewhere = json(client.produce(other, "shop", event("OrderPlaced", "{}")).body()).toString().replace("\"", "");
        assertEquals("\"Not Found\"", client.ack(existing, "c", UUID.randomUUID().toString()).body());
        assertEquals(404, client.ack(existing, "c", elsewhere).statusCode(), "event of another stream");
    }

    @Test
    void missingOrWrongCredentialsAreUnauthorized() {
        String stream = unique("orders");
        for (String authorization : new String[]{null, basic(TestServer.BASIC_USER, "wrong"), basic("nobody", "x"),
                "Basic not-base64!", "Bearer not.a.token", "Digest abc"}) {
            HttpRequest.Builder request = request(events(stream))
                    .header("Content-Type", JSON_UTF8)
                    .header("X-Producer-ID", "shop")
                    .POST(HttpRequest.BodyPublishers.ofString(event("OrderPlaced", "{}")));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = send(request.build());
            assertEquals(401, response.statusCode(), String.valueOf(authorization));
            assertEquals("\"Unauthorized\"", response.body());
            assertEquals("Basic realm=\"herald\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertJsonHeader(response);
        }
        assertEquals(404, client.pull(stream, "c", "OrderPlaced", 1).statusCode(), "nothing was created");
    }

    @Test
    void badProduceRequestsAreRefusedAndChangeNothing() {
        String stream = unique("orders");
        String good = event("OrderPlaced", "{}");
        assertBadProduce(stream, produceRequest(stream).POST(HttpRequest.BodyPublishers.ofString(good)), null, "Content-Type");
        assertBadProduce(stream, produceRequest(stream).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(good)), null, "Content-Type");
        assertBadProduce(stream, produceRequest(stream).header("Content-Type", "application/json; charset=iso-8859-1")
                .POST(HttpRequest.BodyPublishers.ofString(good)), null, "Content-Type");
        assertBadProduce(stream, produceRequest(stream).header("Content-Type", JSON_UTF8).header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(good)), null, "Accept");
        assertBadProduce(stream, produceRequest(stream).header("Content-Type", JSON_UTF8)
                .POST(HttpRequest.BodyPublishers.ofString(good)), "", "X-Producer-ID");
        assertBadProduce(stream, produceRequest(stream).header("Content-Type", JSON_UTF8)
                .POST(HttpRequest.BodyPublishers.ofString(good)), "p".repeat(129), "X-Producer-ID");
        for (String body : new String[]{"{\"event\":", "[1,2]", "\"text\"", "{\"payload\":{}}",
                "{\"event\":{\"version\":1},\"payload\":{}}", "{\"event\":{\"name\":\"\"},\"payload\":{}}",
                "{\"event\":{\"name\":7},\"payload\":{}}", "{\"event\":{\"name\":\"A\"}}",
                "{\"event\":{\"name\":\"A\"},\"payload\":[1]}", "{\"event\":{\"name\":\"A\"},\"payload\":{},\"system\":3}"}) {
            assertBadProduce(stream, produceRequest(stream).header("Content-Type", JSON_UTF8)
                    .POST(HttpRequest.BodyPublishers.ofString(body)), "shop", "");
        }
        assertEquals(404, client.pull(stream, "c", "OrderPlaced", 1).statusCode(), "nothing was created");
        assertEquals(404, client.pull(stream, "c", "A", 1).statusCode(), "nothing was created");
    }

    @Test
    void bodiesOver64KiBAreTooLarge() {
        String stream = unique("orders");
        String huge = event("OrderPlaced", "{\"blob\":\"" + "x".repeat(64 * 1024) + "\"}");
        HttpResponse<String> response = client.produce(stream, "shop", huge);
        assertEquals(413, response.statusCode());
        assertTrue(json(response.body()).toString().startsWith("\"Payload Too Large"), response.body());
        assertJsonHeader(response);
        assertEquals(404, client.pull(stream, "c", "OrderPlaced", 1).statusCode(), "nothing was created");
    }

    @Test
    void unknownFieldsAreIgnoredAndStarAcceptIsFine() {
        String stream = unique("orders");
        HttpResponse<String> response = send(produceRequest(stream)
                .header("Content-Type", "Application/JSON; Charset=UTF-8")
                .header("Accept", "*/*")
                .header("X-Producer-ID", "shop")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"event\":{\"name\":\"A\",\"version\":2},\"payload\":{\"k\":true},\"extra\":[1]}")).build());
        assertEquals(200, response.statusCode(), response.body());
        JsonObject pulled = json(client.pull(stream, "c", "A", 1).body()).asJsonArray().getJsonObject(0);
        assertEquals(object("{\"name\":\"A\",\"version\":2}"), pulled.getJsonObject("event"));
        assertEquals(object("{\"k\":true}"), pulled.getJsonObject("payload"));
        assertEquals("null", pulled.get("system").toString());
    }

    @Test
    void badPullAndAckRequestsAreRefused() {
        String stream = unique("orders");
        String id = json(client.produce(stream, "shop", event("A", "{}")).body()).toString().replace("\"", "");
        for (String query : new String[]{"?limit=1", "?eventName=A", "?eventName=A&limit=0", "?eventName=A&limit=1001",
                "?eventName=A&limit=ten", "?eventName=&limit=1"}) {
            HttpResponse<String> response = send(request(events(stream) + query)
                    .header("Authorization", basicProducer()).header("X-Consumer-ID", "c").GET().build());
            assertEquals(400, response.statusCode(), query);
            assertTrue(json(response.body()).toString().startsWith("\"Bad Request - "), response.body());
        }
        HttpResponse<String> noConsumer = send(request(events(stream) + "?eventName=A&limit=1")
                .header("Authorization", basicProducer()).GET().build());
        assertEquals(400, noConsumer.statusCode());
        assertEquals("\"Bad Request - X-Consumer-ID header is required\"", noConsumer.body());

        assertEquals(400, ackWith(stream, id, "application/x-www-form-urlencoded", "action=NACK").statusCode());
        assertEquals(400, ackWith(stream, id, JSON_UTF8, "{\"action\":\"NACK\"}").statusCode());
        assertEquals(400, ackWith(stream, id, "text/plain", "ACK").statusCode());
        assertEquals(400, ackWith(stream, "not-a-uuid", "application/x-www-form-urlencoded", "action=ACK").statusCode());
        assertEquals(1, ids(client.pull(stream, "c", "A", 10)).size(), "no refused ACK moved the offset");

        assertEquals(200, ackWith(stream, id, JSON_UTF8, "").statusCode(), "empty JSON body acknowledges");
        assertEquals(List.of(), ids(client.pull(stream, "c", "A", 10)));
    }

    @Test
    void reservedOrMalformedStreamNamesAreRefused() {
        for (String stream : new String[]{"$broadcast", "bad%20name", "x".repeat(256)}) {
            HttpResponse<String> response = client.produce(stream, "shop", event("A", "{}"));
            assertEquals(400, response.statusCode(), stream);
            assertTrue(json(response.body()).toString().startsWith("\"Bad Request - stream name"), response.body());
        }
    }

    private HttpResponse<String> ackWith(String stream, String id, String contentType, String body) {
        return send(request(events(stream) + "/" + id)
                .header("Authorization", basicProducer())
                .header("Content-Type", contentType)
                .header("X-Consumer-ID", "c")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpRequest.Builder produceRequest(String stream) {
        return request(events(stream)).header("Authorization", basicProducer());
    }

    private void assertBadProduce(String stream, HttpRequest.Builder request, String producer, String reasonMentions) {
        if (producer == null) {
            request.header("X-Producer-ID", "shop");
        } else if (!producer.isEmpty()) {
            request.header("X-Producer-ID", producer);
        }
        HttpResponse<String> response = send(request.build());
        assertEquals(400, response.statusCode(), response.body());
        String message = json(response.body()).toString();
        assertTrue(message.startsWith("\"Bad Request - ") && message.contains(reasonMentions), message);
        assertJsonHeader(response);
    }

    /**
     * The header spelt as the original sends it, where the server lets an application choose the spelling.
     * WildFly's Undertow does not: it strips the charset parameter from every Content-Type an application sets
     * and appends it again as {@code ;charset=} (io.undertow.servlet.spec.ServletContextImpl.parseContentType).
     */
    static void assertJsonHeader(HttpResponse<String> response) {
        String expected = "wildfly".equals(TestServer.server()) ? JSON_UTF8.replace("; ", ";") : JSON_UTF8;
        assertEquals(expected, response.headers().firstValue("Content-Type").orElseThrow());
    }

    static List<String> ids(HttpResponse<String> pulled) {
        assertEquals(200, pulled.statusCode(), pulled.body());
        JsonArray events = json(pulled.body()).asJsonArray();
        return events.stream().map(event -> event.asJsonObject().getString("eventId")).toList();
    }
}
