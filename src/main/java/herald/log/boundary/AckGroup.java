package herald.log.boundary;

import herald.log.control.ConsumerPositions.Key;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The acks gathered for one flush: the heads of their topics are read once, an ack beyond its topic's head
 * is refused alone, and the rest coalesce to the highest seq per consumer and topic, stored with one
 * statement for the whole group. Every ack is answered with its consumer's position once that statement
 * has committed, or with the failure of the flush.
 */
final class AckGroup {

    /** One ack waiting for its flush. */
    record Request(Key consumer, long seq, CompletableFuture<Long> position) {

        Request(Key consumer, long seq) {
            this(consumer, seq, new CompletableFuture<>());
        }
    }

    private AckGroup() {
    }

    /**
     * Flushes the group and answers every request.
     *
     * @param heads reads the heads of topics by id (one query)
     * @param store raises the positions and returns them afterwards (one statement)
     * @return how many acks were stored
     */
    static int flush(List<Request> group, Function<Set<Long>, Map<Long, Long>> heads,
                     Function<Map<Key, Long>, Map<Key, Long>> store) {
        try {
            Set<Long> topics = new HashSet<>();
            group.forEach(request -> topics.add(request.consumer().topicId()));
            Map<Long, Long> head = heads.apply(topics);
            Map<Key, Long> highest = new HashMap<>();
            int accepted = 0;
            for (Request request : group) {
                long topicHead = head.getOrDefault(request.consumer().topicId(), 0L);
                if (request.seq() > topicHead) {
                    request.position().completeExceptionally(new AckBeyondHead(request.seq(), topicHead));
                } else {
                    highest.merge(request.consumer(), request.seq(), Math::max);
                    accepted++;
                }
            }
            if (highest.isEmpty()) {
                return 0;
            }
            Map<Key, Long> positions = store.apply(highest);
            for (Request request : group) {
                Long position = positions.get(request.consumer());
                if (!request.position().isDone()) {
                    if (position == null) {
                        request.position().completeExceptionally(
                                new IllegalStateException("no position stored for " + request.consumer()));
                    } else {
                        request.position().complete(position);
                    }
                }
            }
            return accepted;
        } catch (RuntimeException failure) {
            group.forEach(request -> request.position().completeExceptionally(failure));
            return 0;
        }
    }
}
