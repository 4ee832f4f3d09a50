package herald.notifier;

import static herald.limits.JsonProviders.JSON;

import herald.log.boundary.Appended;
import herald.log.entity.Event;
import herald.sessions.Outbox;
import herald.sessions.OutgoingText;
import herald.sessions.Wire;
import java.util.ArrayList;
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
        long budget = outbox.frameBudget();
        List<OutgoingText> frames = source == null ? OutgoingText.each(frames(topic, events, budget))
                : source.rendered(this, batch -> OutgoingText.each(frames(batch.topic(), batch.events(), budget)));
        long committed = source == null ? 0 : source.committedNanos();
        frames.forEach(frame -> outbox.offerEvent(frame, false, committed));
    }

    /**
     * The events as Notifier frames (JSON arrays of notifications), split so that no frame is larger than
     * {@code budget} (two units per character) unless a single notification is.
     */
    static List<String> frames(String topic, List<Event> events, long budget) {
        String accessId = jsonString(topic.substring(USER_TOPICS.length()));
        List<String> frames = new ArrayList<>(1);
        StringBuilder frame = new StringBuilder(Math.min(events.size() * 96, 1 << 16)).append('[');
        for (Event event : events) {
            String notification = "{\"accessid\":" + accessId + ",\"created_at\":" + event.eventTime()
                    + ",\"payload\":" + event.body() + '}';
            if (frame.length() > 1 && 2L * (frame.length() + notification.length() + 1) > budget) {
                frames.add(frame.append(']').toString());
                frame.setLength(0);
                frame.append('[');
            }
            if (frame.length() > 1) {
                frame.append(',');
            }
            frame.append(notification);
        }
        frames.add(frame.append(']').toString());
        return frames;
    }

    private static String jsonString(String text) {
        return JSON.createValue(text).toString();
    }
}
