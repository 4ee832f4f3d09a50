package herald.log.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.log.control.ConsumerPositions.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** [DC-BATCH] Acks gathered for one flush cost one head query and one store, and each is answered after it. */
class AckGroupTest {

    private static final Key WORKER = new Key(7, "alice", "orders-worker");
    private static final Key OTHER = new Key(8, "alice", "orders-worker");

    /** A store that keeps positions like the table does: only ever raised. */
    private final Map<Key, Long> table = new HashMap<>();
    private final List<Map<Key, Long>> stores = new ArrayList<>();
    private final List<Set<Long>> headQueries = new ArrayList<>();

    private Map<Key, Long> store(Map<Key, Long> seqs) {
        stores.add(Map.copyOf(seqs));
        seqs.forEach((key, seq) -> table.merge(key, seq, Math::max));
        Map<Key, Long> after = new HashMap<>();
        seqs.keySet().forEach(key -> after.put(key, table.get(key)));
        return after;
    }

    private Map<Long, Long> heads(Set<Long> topics) {
        headQueries.add(Set.copyOf(topics));
        return Map.of(7L, 1000L, 8L, 5L);
    }

    @Test
    void aThousandAcksOfOneConsumerAreOneStoreOfTheHighest() throws Exception {
        List<AckGroup.Request> group = LongStream.rangeClosed(1, 1000).mapToObj(seq -> new AckGroup.Request(WORKER, seq)).toList();

        assertEquals(1000, AckGroup.flush(group, this::heads, this::store));

        assertEquals(List.of(Map.of(WORKER, 1000L)), stores);
        assertEquals(List.of(Set.of(7L)), headQueries);
        for (AckGroup.Request request : group) {
            assertEquals(1000L, request.position().get(), "answered with the position the store left");
        }
    }

    @Test
    void eachConsumerAndTopicIsItsOwnRowInTheOneStore() throws Exception {
        List<AckGroup.Request> group = List.of(new AckGroup.Request(WORKER, 3), new AckGroup.Request(OTHER, 4),
                new AckGroup.Request(WORKER, 9));

        AckGroup.flush(group, this::heads, this::store);

        assertEquals(List.of(Map.of(WORKER, 9L, OTHER, 4L)), stores);
        assertEquals(4L, group.get(1).position().get());
    }

    @Test
    void anAckBehindTheStoredPositionChangesNothingAndIsAnsweredWithIt() throws Exception {
        table.put(WORKER, 50L);
        AckGroup.Request backwards = new AckGroup.Request(WORKER, 10);

        AckGroup.flush(List.of(backwards), this::heads, this::store);

        assertEquals(50L, backwards.position().get());
        assertEquals(50L, table.get(WORKER));
    }

    @Test
    void anAckBeyondTheHeadIsRefusedAloneAndTheOthersAreStored() throws Exception {
        AckGroup.Request beyond = new AckGroup.Request(OTHER, 6);
        AckGroup.Request fine = new AckGroup.Request(OTHER, 5);

        assertEquals(1, AckGroup.flush(List.of(beyond, fine), this::heads, this::store));

        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> beyond.position().get());
        assertInstanceOf(AckBeyondHead.class, refused.getCause());
        assertEquals("seq 6 is beyond the topic's head 5", refused.getCause().getMessage());
        assertEquals(5L, fine.position().get());
        assertEquals(List.of(Map.of(OTHER, 5L)), stores, "the refused seq is not part of the store");
    }

    @Test
    void aGroupWithOnlyRefusedAcksStoresNothing() {
        AckGroup.Request beyond = new AckGroup.Request(new Key(99, "alice", "w"), 1); // unknown topic: head 0

        assertEquals(0, AckGroup.flush(List.of(beyond), this::heads, this::store));

        assertTrue(stores.isEmpty());
        assertTrue(beyond.position().isCompletedExceptionally());
    }

    @Test
    void aFailedStoreFailsEveryAckOfTheGroup() {
        IllegalStateException down = new IllegalStateException("database down");
        List<AckGroup.Request> group = List.of(new AckGroup.Request(WORKER, 1), new AckGroup.Request(OTHER, 2));

        assertEquals(0, AckGroup.flush(group, this::heads, seqs -> {
            throw down;
        }));

        for (AckGroup.Request request : group) {
            ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> request.position().get());
            assertSame(down, failed.getCause());
        }
    }
}
