package herald.log.control;

import java.util.UUID;

/**
 * An event as a door hands it to the log, before it has a position.
 *
 * @param id        the event id, when the door must know it before the append (it is in the body), else null
 * @param name      event name (Courier {@code message}, Notifier {@code notification}, Eventserver {@code event.name})
 * @param body      the JSON to store and deliver verbatim
 * @param meta      door-specific metadata as JSON, or null
 * @param eventTime epoch milliseconds given by the producer, or null for the time of the append
 */
public record Draft(UUID id, String name, String body, String meta, Long eventTime) {

    public Draft(String name, String body) {
        this(null, name, body, null, null);
    }
}
