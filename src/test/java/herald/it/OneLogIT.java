package herald.it;

import static herald.it.StreamClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** SPEC §1.2: an event posted through any door can be read through the others, in the same audience. */
class OneLogIT extends DeployedHerald {

    final StreamClient eventserver = new StreamClient(this, basicProducer());

    @Test
    void eventserverPostsReachCourierSubscribersOfTheStream() throws Exception {
        CourierClient courier = new CourierClient(this, TestServer.BASIC_AUDIENCE, "alice");
        assertEquals(200, courier.post("/v1/audience", "").statusCode());
        String stream = unique("orders");
        SocketClient subscriber = courier.connect();
        subscriber.send("{\"action\":\"subscribe\",\"topic\":\"" + stream + "\"}");
        CourierSocketIT.awaitSubscribed(courier, subscriber, stream);

        String id = json(eventserver.produce(stream, "shop", event("OrderPlaced", "{\"order\":7}")).body())
                .toString().replace("\"", "");
        JsonObject delivered = object(subscriber.next());
        assertEquals(id, delivered.getString("eventId"), "the posted object with its eventId");
        assertEquals(object("{\"order\":7}"), delivered.getJsonObject("payload"));
        assertEquals("OrderPlaced", delivered.getJsonObject("event").getString("name"));
    }

    @Test
    void courierPublishesArePulledThroughTheEventserverAsMessages() {
        CourierClient courier = new CourierClient(this, TestServer.BASIC_AUDIENCE, "alice");
        assertEquals(200, courier.post("/v1/audience", "").statusCode());
        String topic = unique("chat");
        assertEquals(200, courier.hook(topic, "{\"text\":\"hi\",\"n\":[1,2]}").statusCode());

        JsonArray pulled = json(eventserver.pull(topic, "archiver", "message", 10).body()).asJsonArray();
        assertEquals(1, pulled.size());
        JsonObject event = pulled.getJsonObject(0);
        assertEquals(Json.createObjectBuilder().add("name", "message").addNull("version").build(), event.getJsonObject("event"));
        assertEquals(JsonObject.NULL, event.get("system"));
        assertEquals(JsonObject.NULL, event.get("trigger"));
        assertEquals(object("{\"text\":\"hi\",\"n\":[1,2]}"), event.getJsonObject("payload"));
        assertEquals(200, eventserver.ack(topic, "archiver", event.getString("eventId")).statusCode());
        assertEquals("[]", eventserver.pull(topic, "archiver", "message", 10).body());
    }
}
