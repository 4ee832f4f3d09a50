package herald.notifier;

import herald.log.control.Draft;
import herald.log.entity.TopicName;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** One element of a {@code push_events} body, validated: {@code {"accessid","created_at","payload"}}. */
record PushedEvent(String accessId, long createdAt, String payload) {

    static final String NAME = "notification";
    private static final int MAX_ACCESS_ID = TopicName.MAX_LENGTH - "users/".length();

    /**
     * @throws IllegalArgumentException naming what is wrong, for the {@code event[i]: reason} message
     */
    /** @param rawPayload the element's payload as the connector sent it, stored byte for byte */
    static PushedEvent of(JsonValue element, String rawPayload) {
        if (element.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("must be an object");
        }
        JsonObject event = element.asJsonObject();
        if (!(event.get("accessid") instanceof JsonString accessId)) {
            throw new IllegalArgumentException("accessid must be a string");
        }
        if (!isValidAccessId(accessId.getString())) {
            throw new IllegalArgumentException("accessid must be 1-" + MAX_ACCESS_ID
                    + " characters of A-Z a-z 0-9 . _ ~ : / -");
        }
        if (!(event.get("created_at") instanceof JsonNumber createdAt) || !createdAt.isIntegral()) {
            throw new IllegalArgumentException("created_at must be an integer");
        }
        long time;
        try {
            time = createdAt.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("created_at is out of range");
        }
        if (!event.containsKey("payload")) {
            throw new IllegalArgumentException("payload is missing");
        }
        return new PushedEvent(accessId.getString(), time, rawPayload);
    }

    static boolean isValidAccessId(String accessId) {
        return accessId.length() <= MAX_ACCESS_ID && TopicName.isValid(accessId);
    }

    Draft draft() {
        return new Draft(null, NAME, payload, null, createdAt);
    }
}
