package herald.log.control;

/** A producer tried to write to a topic another producer owns; nothing was written. */
public class TopicOwnedByOther extends RuntimeException {

    public TopicOwnedByOther(String topic) {
        super("topic " + topic + " is owned by another producer");
    }
}
