package herald.eventserver;

import static herald.limits.JsonProviders.JSON;

import herald.limits.ClientJson;
import herald.limits.UntrustedJson;
import herald.log.control.Draft;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.UUID;

/**
 * A producer's POST body, validated: {@code event.name} a non-empty string, {@code payload} an object,
 * {@code system} and {@code trigger} objects when present. Unknown fields are kept and ignored.
 */
record ProducedEvent(JsonObject posted, String name, ClientJson sent) {

    static final int MAX_NAME_LENGTH = 255;

    static ProducedEvent parse(String body) {
        ClientJson sent;
        try {
            sent = UntrustedJson.parse(body);
        } catch (UntrustedJson.UnacceptableJson e) {
            throw StreamFailure.badRequest(e.getMessage());
        } catch (JsonException e) {
            throw StreamFailure.badRequest("body is not valid JSON");
        }
        JsonValue value = sent.value();
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw StreamFailure.badRequest("body must be a JSON object");
        }
        JsonObject posted = value.asJsonObject();
        JsonValue event = posted.get("event");
        if (event == null || event.getValueType() != JsonValue.ValueType.OBJECT) {
            throw StreamFailure.badRequest("event must be an object with a name");
        }
        JsonValue name = event.asJsonObject().get("name");
        if (!(name instanceof JsonString text) || text.getString().isBlank()) {
            throw StreamFailure.badRequest("event.name must be a non-empty string");
        }
        if (text.getString().length() > MAX_NAME_LENGTH) {
            throw StreamFailure.badRequest("event.name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        JsonValue payload = posted.get("payload");
        if (payload == null || payload.getValueType() != JsonValue.ValueType.OBJECT) {
            throw StreamFailure.badRequest("payload must be an object");
        }
        requireObjectOrAbsent(posted, "system");
        requireObjectOrAbsent(posted, "trigger");
        return new ProducedEvent(posted, text.getString(), sent);
    }

    /**
     * The log entry: the posted object with its new {@code eventId} put first and everything else exactly as
     * sent (SPEC §1); version, system and trigger as meta. A posted {@code eventId} of the producer's own is
     * replaced, which takes rebuilding the object.
     */
    Draft draft(UUID id) {
        return new Draft(id, name, body(id), meta().toString(), null);
    }

    private String body(UUID id) {
        if (!posted.containsKey("eventId")) {
            String rest = sent.afterOpeningBrace();
            return "{\"eventId\":\"" + id + "\"" + (rest.startsWith("}") ? "" : ",") + rest;
        }
        JsonObjectBuilder body = JSON.createObjectBuilder().add("eventId", id.toString());
        posted.forEach((key, value) -> {
            if (!key.equals("eventId")) {
                body.add(key, value);
            }
        });
        return body.build().toString();
    }

    private JsonObject meta() {
        return JSON.createObjectBuilder()
                .add("version", posted.getJsonObject("event").getOrDefault("version", JsonValue.NULL))
                .add("system", posted.getOrDefault("system", JsonValue.NULL))
                .add("trigger", posted.getOrDefault("trigger", JsonValue.NULL))
                .build();
    }

    private static void requireObjectOrAbsent(JsonObject posted, String field) {
        JsonValue value = posted.get(field);
        if (value != null && value.getValueType() != JsonValue.ValueType.OBJECT
                && value.getValueType() != JsonValue.ValueType.NULL) {
            throw StreamFailure.badRequest(field + " must be an object");
        }
    }
}
