package herald.log.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.log.control.ConsumerPositions.Key;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** [DC-BATCH] The ack queue is bounded: a client flooding acks is refused, the heap does not grow with it. */
class AcksTest {

    @Test
    void anAckBeyondTheQueueLimitIsRefusedAtOnceAndTheQueuedOnesWait() {
        Acks acks = new Acks(); // no writer thread: nothing is taken off the queue
        Key consumer = new Key(1, "alice", "worker");
        CompletableFuture<Long> last = null;
        for (int seq = 1; seq <= Acks.MAX_QUEUED; seq++) {
            last = acks.ack(consumer, seq);
        }
        assertFalse(last.isDone(), "queued acks wait for their flush");
        CompletableFuture<Long> refused = acks.ack(consumer, Acks.MAX_QUEUED + 1);
        assertTrue(refused.isCompletedExceptionally(), "refused at once, not queued");
        ExecutionException failure = assertThrows(ExecutionException.class, refused::get);
        assertInstanceOf(AckQueueFull.class, failure.getCause());
    }
}
