package herald.courier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A connection's uncommitted publishes: pipelined up to a bound, then the connection waits (back-pressure). */
class PipelinedPublishesTest {

    final PipelinedPublishes publishes = new PipelinedPublishes();

    @Test
    void publishesUpToTheLimitNeverWait() {
        for (int i = 0; i < PipelinedPublishes.LIMIT; i++) {
            publishes.add(new CompletableFuture<>());
        }
        assertEquals(PipelinedPublishes.LIMIT, publishes.size());
    }

    @Test
    void pastTheLimitTheNextPublishWaitsForTheOldestToCommit() throws InterruptedException {
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < PipelinedPublishes.LIMIT; i++) {
            CompletableFuture<Void> publish = new CompletableFuture<>();
            queued.add(publish);
            publishes.add(publish);
        }
        CountDownLatch added = new CountDownLatch(1);
        Thread messageThread = new Thread(() -> {
            publishes.add(new CompletableFuture<>());
            added.countDown();
        });
        messageThread.start();
        assertFalse(added.await(200, TimeUnit.MILLISECONDS), "waits while " + PipelinedPublishes.LIMIT + " are uncommitted");
        queued.get(0).complete(null);
        assertTrue(added.await(5, TimeUnit.SECONDS), "goes on once the oldest committed");
        messageThread.join();
        assertEquals(PipelinedPublishes.LIMIT, publishes.size());
    }

    @Test
    void aFailedPublishFreesItsPlaceLikeACommittedOne() {
        CompletableFuture<Void> failed = new CompletableFuture<>();
        publishes.add(failed);
        publishes.add(CompletableFuture.completedFuture(null));
        failed.completeExceptionally(new IllegalStateException("database gone"));
        assertEquals(0, publishes.size(), "answered publishes are forgotten, whatever their outcome");
    }
}
