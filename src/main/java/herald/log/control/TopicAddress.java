package herald.log.control;

/** A topic as clients name it: its audience and its name. */
public record TopicAddress(String audience, String topic) {
}
