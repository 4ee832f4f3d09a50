package herald.broker;

import herald.log.boundary.Appended;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The subscribers of one topic and the order its batches go out in. Commits of a topic happen in seq order,
 * but their notifications arrive on the committing threads (and from other nodes) in any order; a channel
 * holds back a batch until every seq before it has gone out.
 */
final class TopicChannel {

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final TreeMap<Long, Appended> waiting = new TreeMap<>();
    private long nextSeq; // 0 until the first batch tells where the log stands
    private long waitingSince;

    Set<Subscriber> subscribers() {
        return subscribers;
    }

    /** Hands {@code batch} and every batch it unblocks to {@code send}, in seq order, each seq once. */
    synchronized void offer(Appended batch, Consumer<Appended> send) {
        if (nextSeq != 0) {
            if (batch.lastSeq() < nextSeq) {
                return; // already delivered (a notice of a batch this node delivered itself)
            }
            batch = batch.from(nextSeq);
        }
        waiting.merge(batch.firstSeq(), batch, (held, offered) -> held.lastSeq() >= offered.lastSeq() ? held : offered);
        if (nextSeq == 0) {
            nextSeq = batch.firstSeq();
        }
        for (Map.Entry<Long, Appended> ready = waiting.firstEntry(); ready != null && ready.getKey() <= nextSeq;
             ready = waiting.firstEntry()) {
            waiting.pollFirstEntry();
            if (ready.getValue().lastSeq() >= nextSeq) {
                Appended next = ready.getValue().from(nextSeq);
                nextSeq = next.lastSeq() + 1;
                send.accept(next);
            }
        }
        waitingSince = waiting.isEmpty() ? 0 : (waitingSince == 0 ? System.nanoTime() : waitingSince);
    }

    /** The seqs missing before the first held batch, if one has been held since before {@code nanos}. */
    synchronized Optional<long[]> gapOlderThan(long nanos) {
        if (waiting.isEmpty() || waitingSince == 0 || waitingSince > nanos) {
            return Optional.empty();
        }
        return Optional.of(new long[]{nextSeq, waiting.firstKey() - 1});
    }
}
