package herald.eventserver;

import static herald.limits.JsonProviders.JSON;

import herald.log.entity.Event;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * An event as a consumer pulls it: {@code {"eventId","event":{"name","version"},"system","trigger","payload"}}.
 * Events posted through this door come back as posted; events of the other doors carry their body as the
 * payload and null where they have nothing to say.
 */
final class StreamEventView {

    private StreamEventView() {
    }

    static JsonObject of(Event event) {
        JsonValue body = parse(event.body());
        if (event.meta() != null && body.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject posted = body.asJsonObject();
            return JSON.createObjectBuilder()
                    .add("eventId", event.id().toString())
                    .add("event", posted.get("event"))
                    .add("system", posted.getOrDefault("system", JsonValue.NULL))
                    .add("trigger", posted.getOrDefault("trigger", JsonValue.NULL))
                    .add("payload", posted.get("payload"))
                    .build();
        }
        return JSON.createObjectBuilder()
                .add("eventId", event.id().toString())
                .add("event", JSON.createObjectBuilder().add("name", event.name()).addNull("version"))
                .addNull("system")
                .addNull("trigger")
                .add("payload", body)
                .build();
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
