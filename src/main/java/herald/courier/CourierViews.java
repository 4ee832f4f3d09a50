package herald.courier;

import static herald.limits.JsonProviders.JSON;

import herald.log.entity.Audience;
import herald.log.entity.Topic;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Audiences and topics as the Courier API shows them; timestamps RFC 3339 with offset. */
final class CourierViews {

    private CourierViews() {
    }

    static JsonObject audience(Audience audience) {
        return JSON.createObjectBuilder()
                .add("id", audience.publicId().toString())
                .add("name", audience.name())
                .add("created_at", time(audience.createdAt()))
                .add("updated_at", time(audience.updatedAt()))
                .build();
    }

    static JsonObject topic(Topic topic, Audience audience) {
        return JSON.createObjectBuilder()
                .add("id", topic.publicId().toString())
                .add("topic", topic.name())
                .add("audience", audience.name())
                .add("audienceId", audience.publicId().toString())
                .add("created_at", time(topic.createdAt()))
                .add("updated_at", time(topic.updatedAt()))
                .build();
    }

    static String time(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
