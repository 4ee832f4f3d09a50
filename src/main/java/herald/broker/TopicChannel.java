package herald.broker;

import herald.log.boundary.Appended;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The subscribers of one topic and the order its batches go out in. Commits of a topic happen in seq order,
 * but their after-commit notifications run on the committing threads and may arrive out of order; a
 * channel holds back a batch until every seq before it has gone out.
 */
final class TopicChannel {

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final TreeMap<Long, Appended> waiting = new TreeMap<>();
    private long nextSeq; // 0 until the first batch tells where the log stands

    Set<Subscriber> subscribers() {
        return subscribers;
    }

    /** Hands {@code batch} and every batch it unblocks to {@code send}, in seq order. */
    synchronized void offer(Appended batch, Consumer<Appended> send) {
        if (nextSeq != 0 && batch.lastSeq() < nextSeq) {
            return; // already delivered (a replayed notification)
        }
        waiting.put(batch.firstSeq(), batch);
        if (nextSeq == 0) {
            nextSeq = batch.firstSeq();
        }
        for (Appended ready = waiting.remove(nextSeq); ready != null; ready = waiting.remove(nextSeq)) {
            nextSeq = ready.lastSeq() + 1;
            send.accept(ready);
        }
    }
}
