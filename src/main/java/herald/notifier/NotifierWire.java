package herald.notifier;

import static herald.limits.JsonProviders.JSON;

import herald.log.boundary.Appended;
import herald.log.entity.Event;
import herald.sessions.Outbox;
import herald.sessions.Wire;
import java.util.List;

/**
 * Notifier frames: a JSON array of {@code {"accessid","created_at","payload"}}, one frame per push (or per
 * replay page), each payload exactly as stored.
 */
final class NotifierWire implements Wire {

    static final NotifierWire INSTANCE = new NotifierWire();
    private static final String USER_TOPICS = "users/";

    private NotifierWire() {
    }

    @Override
    public void send(Outbox outbox, String topic, List<Event> events, Appended source) {
        if (source == null) {
            outbox.offerEvent(frame(topic, events), false, 0);
        } else {
            outbox.offerEvent(source.rendered(this, batch -> frame(batch.topic(), batch.events())), false,
                    source.committedNanos());
        }
    }

    static String frame(String topic, List<Event> events) {
        String accessId = jsonString(topic.substring(USER_TOPICS.length()));
        StringBuilder frame = new StringBuilder(events.size() * 96).append('[');
        for (Event event : events) {
            if (frame.length() > 1) {
                frame.append(',');
            }
            frame.append("{\"accessid\":").append(accessId)
                    .append(",\"created_at\":").append(event.eventTime())
                    .append(",\"payload\":").append(event.body())
                    .append('}');
        }
        return frame.append(']').toString();
    }

    private static String jsonString(String text) {
        return JSON.createValue(text).toString();
    }
}
