package herald.log.boundary;

import herald.log.entity.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Events just committed to one topic, in seq order with no gap between them. Fired inside the appending
 * transaction; observers that must not see uncommitted data observe it {@code during = AFTER_SUCCESS}.
 *
 * <p>A batch also remembers how it was rendered for each wire format, so fan-out to many subscribers
 * serializes it once per format instead of once per subscriber.
 */
public final class Appended {

    private final String audience;
    private final long topicId;
    private final String topic;
    private final List<Event> events;
    private final Map<Object, Object> renderings = new ConcurrentHashMap<>(4);
    private volatile long acceptedNanos;
    private volatile long committedNanos;

    public Appended(String audience, long topicId, String topic, List<Event> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an appended batch has at least one event");
        }
        this.audience = audience;
        this.topicId = topicId;
        this.topic = topic;
        this.events = List.copyOf(events);
    }

    public String audience() {
        return audience;
    }

    public long topicId() {
        return topicId;
    }

    public String topic() {
        return topic;
    }

    public List<Event> events() {
        return events;
    }

    public long firstSeq() {
        return events.get(0).seq();
    }

    public long lastSeq() {
        return events.get(events.size() - 1).seq();
    }

    /** The events of this batch from {@code seq} on (which must lie within it), as a batch of their own. */
    public Appended from(long seq) {
        if (seq <= firstSeq()) {
            return this;
        }
        Appended rest = new Appended(audience, topicId, topic, events.subList((int) (seq - firstSeq()), events.size()));
        rest.acceptedNanos = acceptedNanos;
        rest.committedNanos = committedNanos;
        return rest;
    }

    /**
     * This batch followed by {@code next}, which must continue it (same topic, the next seq), as one batch:
     * what a group commit hands the broker when several requests wrote to one topic.
     */
    public Appended followedBy(Appended next) {
        if (next.topicId != topicId || next.firstSeq() != lastSeq() + 1) {
            throw new IllegalArgumentException("seq " + next.firstSeq() + " of topic " + next.topicId
                    + " does not continue seq " + lastSeq() + " of topic " + topicId);
        }
        List<Event> both = new ArrayList<>(events.size() + next.events.size());
        both.addAll(events);
        both.addAll(next.events);
        Appended joined = new Appended(audience, topicId, topic, both);
        joined.acceptedNanos = acceptedNanos == 0 ? next.acceptedNanos : Math.min(acceptedNanos, next.acceptedNanos);
        return joined;
    }

    /** {@link System#nanoTime()} when the publish was accepted, before it waited for the topic lock; 0 if unknown. */
    public long acceptedNanos() {
        return acceptedNanos;
    }

    void accepted(long nanos) {
        acceptedNanos = nanos;
    }

    /** {@link System#nanoTime()} when this node learnt of the commit; 0 before. */
    public long committedNanos() {
        return committedNanos;
    }

    /** Records that the batch is committed; the first call wins. */
    public void markCommitted() {
        if (committedNanos == 0) {
            committedNanos = System.nanoTime();
        }
    }

    /**
     * This batch rendered by {@code render}, computed once per {@code format} however many subscribers ask.
     *
     * @param format a constant identifying the wire format
     */
    @SuppressWarnings("unchecked")
    public <T> T rendered(Object format, Function<Appended, T> render) {
        return (T) renderings.computeIfAbsent(format, key -> render.apply(this));
    }
}
