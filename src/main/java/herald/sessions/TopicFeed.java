package herald.sessions;

import herald.broker.Subscriber;
import herald.broker.Subscription;
import herald.log.boundary.Appended;
import herald.log.entity.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One topic flowing to one connection: optionally replayed from the log, then live, with no gap and no
 * duplicate at the seam (DESIGN.md decision 3).
 *
 * <p>The feed joins the broker before it knows where it starts, so every batch committed after it joined
 * reaches it. Until it knows (the topic's head for a live feed, the end of the replay for a resuming one)
 * it holds the batches it is handed; afterwards it sends them, minus everything at or below its position.
 * Every event committed before joining is found by the replay (its last read starts after joining), every
 * event committed after joining is held or sent, so nothing falls between the two.
 *
 * <p>Thread-safety: the broker calls {@link #deliver} one batch at a time; the subscribing thread calls
 * {@link #startLive} or {@link #replay} once. Both meet under the feed's lock.
 */
public final class TopicFeed implements Subscriber {

    static final int REPLAY_PAGE = 500;
    /** Live events a replaying feed holds before it drops them and reads them from the log instead. */
    static final int HELD_LIMIT = 10_000;
    /** A frame's envelope around an event's body, generously (herald.v1's is about 150 characters). */
    private static final int FRAME_OVERHEAD_CHARS = 200;
    /** How long a replay waits for a client to take a chunk before it gives up (the heartbeat closes it). */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(60);

    /** Reads a topic's events after a seq, in seq order, at most {@code limit}: {@code EventLog::read}. */
    interface LogReader {
        List<Event> read(long topicId, long afterSeq, int limit);
    }

    private final Outbox outbox;
    private final String topic;
    private final Wire wire;
    private final Predicate<Event> filter;

    /** The last seq sent or deliberately skipped; meaningful once {@link #held} is null. */
    private long lastSeq;
    /** Batches handed over before the feed knew where it starts; null once it knows. */
    private List<Appended> held = new ArrayList<>();
    private int heldEvents;
    private boolean heldOverflowed;
    private volatile Subscription subscription;

    /**
     * @param filter which events this connection wants (Notifier: {@code created_at >= timestamp})
     */
    TopicFeed(Outbox outbox, String topic, Wire wire, Predicate<Event> filter) {
        this.outbox = outbox;
        this.topic = topic;
        this.wire = wire;
        this.filter = filter;
    }

    public String topic() {
        return topic;
    }

    void subscribed(Subscription subscription) {
        this.subscription = subscription;
    }

    /** Leaves the broker, if it had joined; idempotent. */
    void cancel() {
        Subscription joined = subscription;
        if (joined != null) {
            joined.cancel();
        }
    }

    @Override
    public synchronized void deliver(Appended batch) {
        if (held == null) {
            send(batch);
            return;
        }
        held.add(batch);
        heldEvents += batch.events().size();
        if (heldEvents > HELD_LIMIT) {
            held.clear(); // the replay reads them from the log instead
            heldEvents = 0;
            heldOverflowed = true;
        }
    }

    /** Goes live after {@code head}: the events at or below it are not this feed's to send. */
    synchronized void startLive(long head) {
        lastSeq = head;
        releaseHeld();
    }

    /**
     * Sends every event of the topic after {@code afterSeq} from the log, then goes live. Runs on the
     * caller's thread; live batches wait meanwhile, at most {@value #HELD_LIMIT} events of them: past that
     * they are dropped and the replay reads on from the log, where they are too.
     *
     * <p>Sent in frames of at most the outbox's {@link Outbox#frameBudget}, and each chunk only once the
     * client has taken the last one down to that budget: a user with a large backlog is replayed at the
     * pace of the link, instead of being closed as a slow consumer on every reconnect.
     *
     * @param open whether the connection is still worth reading for (a closed one stops the replay)
     * @return how many events were replayed
     */
    int replay(LogReader log, long topicId, long afterSeq, BooleanSupplier open) {
        int replayed = 0;
        long from = afterSeq;
        while (true) {
            List<Event> page;
            do {
                page = topicId == 0 ? List.of() : log.read(topicId, from, REPLAY_PAGE);
                List<Event> wanted = page.stream().filter(filter).toList();
                if (!sendPaced(wanted)) {
                    return replayed; // the connection went or stopped reading: its close cleans up
                }
                replayed += wanted.size();
                if (!page.isEmpty()) {
                    from = page.get(page.size() - 1).seq();
                }
            } while (page.size() == REPLAY_PAGE && open.getAsBoolean());
            synchronized (this) {
                if (!heldOverflowed) {
                    startLive(from);
                    return replayed;
                }
                heldOverflowed = false; // what was dropped is committed, hence in the log: read on
            }
        }
    }

    /** Sends {@code events} in frames that fit the budget, each once the queue is down to it. */
    private boolean sendPaced(List<Event> events) {
        long budget = outbox.frameBudget();
        int start = 0;
        while (start < events.size()) {
            int end = start;
            long size = 0;
            do {
                size += 2L * (events.get(end).body().length() + FRAME_OVERHEAD_CHARS);
                end++;
            } while (end < events.size() && size + 2L * (events.get(end).body().length() + FRAME_OVERHEAD_CHARS) <= budget);
            try {
                if (!outbox.awaitRoom(budget, DRAIN_WAIT)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            wire.send(outbox, topic, events.subList(start, end), null);
            start = end;
        }
        return true;
    }

    private void releaseHeld() {
        List<Appended> batches = held;
        held = null;
        for (Appended batch : batches) {
            send(batch);
        }
    }

    private void send(Appended batch) {
        if (batch.lastSeq() <= lastSeq) {
            return;
        }
        Appended fresh = batch.from(lastSeq + 1);
        lastSeq = fresh.lastSeq();
        List<Event> wanted = fresh.events().stream().filter(filter).toList();
        if (!wanted.isEmpty()) {
            wire.send(outbox, topic, wanted, wanted.size() == fresh.events().size() ? fresh : null);
        }
    }
}
