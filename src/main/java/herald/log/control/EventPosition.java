package herald.log.control;

/** Where one event sits in its topic: enough to move a consumer offset to it. */
public record EventPosition(long topicId, String name, long nameSeq) {
}
