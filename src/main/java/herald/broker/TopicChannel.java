package herald.broker;

import herald.log.boundary.Appended;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The subscribers of one topic on this node and the order its batches go out in.
 *
 * <p>Commits of a topic happen in seq order, but their notices arrive on the committing threads (and from
 * other nodes) in any order. A channel therefore keeps one position, {@code nextSeq}, and holds back every
 * batch that starts after it until the seqs before it have gone out; nothing ahead of the position is ever
 * dropped.
 *
 * <p>Where the position starts is the subtle part. A batch's own seqs cannot tell: when seq 2 is announced
 * first, seq 1 may still be on its way or may have been committed before anyone here listened. So a new
 * channel is <em>starting</em>: it holds everything until each subscriber that joined meanwhile has said
 * after which seq it starts (the topic's head, read after joining), and then begins after the lowest of
 * those heads. Every seq above a subscriber's head is committed after it joined, hence offered after it
 * joined, hence delivered to it; seqs at or below the heads are the log's business (replay).
 *
 * <p>A channel lives as long as it has subscribers. The last one leaving retires it, and the broker forgets
 * it: a node keeps nothing for topics nobody here follows, and a later subscriber starts a fresh channel
 * from its own head instead of inheriting a stale position.
 *
 * <p>Every method is synchronized: offers of one topic are serialized, which is what lets subscribers rely
 * on never being called concurrently for the same topic.
 */
final class TopicChannel {

    private static final long STARTING = 0;
    /** What {@link #join} returns for a retired channel. */
    static final long RETIRED = -2;
    /** What {@link #join} returns while the channel is starting. */
    static final long NOT_STARTED = -1;

    private final Set<Subscriber> subscribers = new LinkedHashSet<>();
    /**
     * The subscribers as fan-out walks them, made again at the first batch after a join or leave. A copy per
     * join (copy-on-write) made n joins cost n² under this lock: thousands of connections subscribing at once
     * to one topic (every Courier connection follows its audience's broadcasts) queued behind it. Fan-out walks
     * this array, never the set, so a subscriber leaving during fan-out (a slow consumer closed) is safe.
     */
    private Subscriber[] fanOutOrder;
    /** Subscribers that joined while the channel was starting and have not yet said where they start. */
    private final Set<Subscriber> starting = new HashSet<>();
    private final TreeMap<Long, Appended> waiting = new TreeMap<>();
    private long lowestStart = Long.MAX_VALUE;
    private long nextSeq = STARTING;
    private long waitingSince;
    private boolean retired;

    /**
     * Joins {@code subscriber}. Returns, for a channel that has started, the seq after which it delivers: the new
     * subscriber receives exactly the batches above it, so it needs no head from the log. {@link #NOT_STARTED}
     * while the channel is starting (the subscriber must say where it starts), {@link #RETIRED} if the channel
     * is retired and a new one must be made.
     */
    synchronized long join(Subscriber subscriber) {
        if (retired) {
            return RETIRED;
        }
        if (subscribers.add(subscriber)) {
            fanOutOrder = null;
        }
        if (nextSeq == STARTING) {
            starting.add(subscriber);
            return NOT_STARTED;
        }
        return nextSeq - 1;
    }

    /**
     * Records that {@code subscriber} wants the seqs after {@code head}. Starts the channel when it was the
     * last one the channel was waiting for; once started, a channel's position is already right for anyone
     * who joins, and this changes nothing.
     */
    synchronized void started(Subscriber subscriber, long head, Consumer<Appended> send) {
        if (!starting.remove(subscriber)) {
            return;
        }
        lowestStart = Math.min(lowestStart, head);
        startIfReady(send);
    }

    /** Lets {@code subscriber} go; true when it was the last and the channel has retired. */
    synchronized boolean leave(Subscriber subscriber, Consumer<Appended> send) {
        if (subscribers.remove(subscriber)) {
            fanOutOrder = null;
        }
        if (starting.remove(subscriber)) {
            startIfReady(send);
        }
        if (subscribers.isEmpty()) {
            retired = true;
            waiting.clear();
        }
        return retired;
    }

    /** Hands {@code batch} and every batch it unblocks to {@code send}, in seq order, each seq once. */
    synchronized void offer(Appended batch, Consumer<Appended> send) {
        if (retired || batch.lastSeq() < nextSeq) {
            return; // nobody left, or already delivered (a notice of a batch this node delivered itself)
        }
        batch = batch.from(nextSeq);
        waiting.merge(batch.firstSeq(), batch, (held, offered) -> held.lastSeq() >= offered.lastSeq() ? held : offered);
        if (nextSeq != STARTING) {
            release(send);
        } else if (waitingSince == 0) {
            waitingSince = System.nanoTime();
        }
    }

    /** The seqs missing before the first held batch, if one has been held since before {@code nanos}. */
    synchronized Optional<long[]> gapOlderThan(long nanos) {
        if (nextSeq == STARTING || waiting.isEmpty() || waitingSince == 0 || waitingSince > nanos) {
            return Optional.empty();
        }
        return Optional.of(new long[]{nextSeq, waiting.firstKey() - 1});
    }

    synchronized boolean isFollowed() {
        return !retired;
    }

    /** The subscribers, for the fan-out of a batch this channel releases (it holds the channel's lock). */
    synchronized Subscriber[] fanOutOrder() {
        if (fanOutOrder == null) {
            fanOutOrder = subscribers.toArray(Subscriber[]::new);
        }
        return fanOutOrder;
    }

    synchronized int subscriberCount() {
        return subscribers.size();
    }

    private void startIfReady(Consumer<Appended> send) {
        if (nextSeq != STARTING || !starting.isEmpty() || lowestStart == Long.MAX_VALUE) {
            return;
        }
        nextSeq = lowestStart + 1;
        waiting.headMap(nextSeq).entrySet().removeIf(held -> held.getValue().lastSeq() < nextSeq);
        waitingSince = 0;
        release(send);
    }

    private void release(Consumer<Appended> send) {
        for (Map.Entry<Long, Appended> ready = waiting.firstEntry(); ready != null && ready.getKey() <= nextSeq;
             ready = waiting.firstEntry()) {
            waiting.pollFirstEntry();
            if (ready.getValue().lastSeq() >= nextSeq) {
                Appended next = ready.getValue().from(nextSeq);
                nextSeq = next.lastSeq() + 1;
                send.accept(next);
            }
        }
        if (waiting.isEmpty()) {
            waitingSince = 0;
        } else if (waitingSince == 0) {
            waitingSince = System.nanoTime();
        }
    }
}
