package herald.log.boundary;

import herald.log.entity.Event;
import java.util.List;

/**
 * Events just committed to one topic, in seq order with no gap between them. Fired inside the
 * appending transaction; observers that must not see uncommitted data observe it
 * {@code during = AFTER_SUCCESS}.
 */
public record Appended(String audience, long topicId, String topic, List<Event> events) {

    public Appended {
        events = List.copyOf(events);
    }

    public long firstSeq() {
        return events.get(0).seq();
    }

    public long lastSeq() {
        return events.get(events.size() - 1).seq();
    }
}
