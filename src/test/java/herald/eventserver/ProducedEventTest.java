package herald.eventserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import herald.log.control.Draft;
import jakarta.ws.rs.WebApplicationException;
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
        WebApplicationException refused = assertThrows(WebApplicationException.class, () -> ProducedEvent.parse(body));
        assertEquals(400, refused.getResponse().getStatus());
    }

    @Test
    void eventNamesLongerThanTopicColumnsAreRefused() {
        String body = "{\"event\":{\"name\":\"" + "n".repeat(256) + "\"},\"payload\":{}}";
        assertEquals(400, assertThrows(WebApplicationException.class, () -> ProducedEvent.parse(body))
                .getResponse().getStatus());
    }
}
