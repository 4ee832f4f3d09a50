package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §1 (issue 11): a body is stored and delivered byte for byte as the producer sent it — whitespace, key
 * order, escapes and number spelling — through every door that writes: before, each was parsed and
 * re-serialised, so a subscriber received {@code 2.5} for {@code 2.50} and {@code é} for {@code \u00e9}.
 */
class ByteForByteIT extends DeployedHerald {

    /** Everything a re-serialisation would change. */
    private static final String MESSAGE = "{ \"z\" : 2.50 ,\n  \"a\":\"caf\\u00e9 \\u003cb\\u003e\", \"n\":[1e3, -0.0 ,true] }";

    @Test
    void hookAndSocketPublishesReachSubscribersAsSent() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient subscriber = alice.connect();
        subscriber.send("{\"action\":\"subscribe\",\"topic\":\"raw\"}");
        CourierSocketIT.awaitSubscribed(alice, subscriber, "raw");

        assertEquals(200, alice.post("/v1/hook", "{\"topic\":\"raw\",\"action\":\"publish\",\"message\":" + MESSAGE + "}")
                .statusCode());
        assertEquals(MESSAGE, subscriber.next(), "hook publish");

        SocketClient publisher = alice.as("bob").connect();
        publisher.send("{\"action\":\"publish\",\"topic\":\"raw\",\"message\":" + MESSAGE + "}");
        assertEquals(MESSAGE, subscriber.next(), "socket publish");
    }

    @Test
    void pushedPayloadsAndEventserverPostsAreStoredAsSent() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        CourierClient connector = alice.as("connector", "connector");
        SocketClient userTopic = connector.connect();
        userTopic.send("{\"action\":\"subscribe\",\"topic\":\"users/alice\"}");
        CourierSocketIT.awaitSubscribed(connector, userTopic, "users/alice");
        assertEquals(200, connector.post("/push_events", "[{\"accessid\":\"alice\",\"created_at\":1,\"payload\":" + MESSAGE
                + "}, {\"accessid\":\"alice\",\"created_at\":2,\"payload\":\"12.0\"}]").statusCode());
        assertEquals(List.of(MESSAGE, "\"12.0\""), List.of(userTopic.next(), userTopic.next()));

        SocketClient stream = alice.connect();
        stream.send("{\"action\":\"subscribe\",\"topic\":\"orders\"}");
        CourierSocketIT.awaitSubscribed(alice, stream, "orders");
        String posted = " {\"event\":{\"name\":\"OrderPlaced\",\"version\":1.0},\n \"payload\":" + MESSAGE + ", \"extra\":\"\\u00e9\"}";
        StreamClient producer = new StreamClient(this, "Bearer " + alice.token);
        String eventId = json(producer.produce("orders", "shop", posted).body()).toString().replace("\"", "");
        assertEquals("{\"eventId\":\"" + eventId + "\"," + posted.strip().substring(1), stream.next(),
                "the posted object as sent, its new eventId first");
    }
}
