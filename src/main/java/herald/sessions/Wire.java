package herald.sessions;

import herald.log.boundary.Appended;
import herald.log.entity.Event;
import java.util.List;

/** How a door puts a topic's events on its sockets. Implementations are stateless constants. */
public interface Wire {

    /**
     * Queues consecutive events of one topic, in seq order.
     *
     * @param source the live batch they come from, for rendering once per batch; null for events read from the log
     */
    void send(Outbox outbox, String topic, List<Event> events, Appended source);
}
