package herald.eventserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.log.control.Draft;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProducedEventTest {

    @Test
    void theStoredBodyIsThePostedObjectWithItsEventIdFirst() {
        UUID id = UUID.fromString("5f0c7c1e-7d1c-4e53-9f3a-0b5a3e8f6d21");
        Draft draft = ProducedEvent.parse("""
                {"eventId":"forged","event":{"name":"OrderPlaced","version":3},"payload":{"n":1},"extra":true}""")
                .draft(id);
        assertEquals("OrderPlaced", draft.name());
        assertEquals(id, draft.id());
        assertEquals("{\"eventId\":\"5f0c7c1e-7d1c-4e53-9f3a-0b5a3e8f6d21\",\"event\":{\"name\":\"OrderPlaced\","
                + "\"version\":3},\"payload\":{\"n\":1},\"extra\":true}", draft.body());
        assertEquals("{\"version\":3,\"system\":null,\"trigger\":null}", draft.meta());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "null", "[]", "{\"event\":null,\"payload\":{}}", "{\"event\":{\"name\":\" \"},\"payload\":{}}",
            "{\"event\":{\"name\":\"A\"},\"payload\":\"x\"}", "{\"event\":{\"name\":\"A\"},\"payload\":{},\"trigger\":[]}"})
    void malformedBodiesAreBadRequests(String body) {
        StreamFailure refused = assertThrows(StreamFailure.class, () -> ProducedEvent.parse(body));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().startsWith("Bad Request - "), refused.getMessage());
    }

    @Test
    void eventNamesLongerThanTopicColumnsAreRefused() {
        String body = "{\"event\":{\"name\":\"" + "n".repeat(256) + "\"},\"payload\":{}}";
        assertEquals("Bad Request - event.name must be at most 255 characters",
                assertThrows(StreamFailure.class, () -> ProducedEvent.parse(body)).getMessage());
    }
}
