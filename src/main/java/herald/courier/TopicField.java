package herald.courier;

import herald.log.entity.TopicName;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.function.Function;

/** The {@code topic} of a request body or a socket frame, with the original's two refusal messages. */
final class TopicField {

    static final String MISSING = "Topic name is missing";
    static final String INVALID = "Topic name is invalid";

    private TopicField() {
    }

    /**
     * @param refusal turns {@link #MISSING} or {@link #INVALID} into the door's own failure
     */
    static String read(JsonValue topic, Function<String, RuntimeException> refusal) {
        if (topic == null || topic.getValueType() == JsonValue.ValueType.NULL
                || topic instanceof JsonString text && text.getString().isEmpty()) {
            throw refusal.apply(MISSING);
        }
        if (!(topic instanceof JsonString text) || !TopicName.isValid(text.getString())) {
            throw refusal.apply(INVALID);
        }
        return text.getString();
    }
}
