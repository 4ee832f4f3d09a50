package herald.log.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The single writer under the appender and the ack writer, without a container. */
class QueueWriterTest {

    /** Plain threads, for the writers of these tests and of {@link AppenderTest}. */
    static final ManagedThreadFactory THREADS = new ManagedThreadFactory() {
        @Override
        public Thread newThread(Runnable task) {
            return new Thread(task);
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            throw new UnsupportedOperationException();
        }
    };

    final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    final List<List<String>> written = new ArrayList<>();
    final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    /** Takes the first request and everything queued behind it as one write; the first write waits for release. */
    void write(String first) {
        if (first.equals("fail")) {
            throw new IllegalStateException("the database is gone");
        }
        List<String> group = new ArrayList<>(List.of(first));
        queue.drainTo(group);
        firstWriteStarted.countDown();
        await(release);
        synchronized (written) {
            written.add(group);
        }
    }

    @Test
    void stopWritesWhatHasQueuedBeforeTheThreadEndsAndRefusesNothingWritten() throws Exception {
        QueueWriter<String> writer = new QueueWriter<>("test-writer", queue, this::write);
        writer.start(THREADS);
        queue.add("a");
        assertTrue(firstWriteStarted.await(5, TimeUnit.SECONDS));
        queue.add("b");
        queue.add("c");
        List<String> failed = new ArrayList<>();
        Thread stopping = new Thread(() -> writer.stop(failed::add));
        stopping.start();
        while (writer.accepting()) {
            Thread.onSpinWait();
        }
        release.countDown();
        stopping.join(TimeUnit.SECONDS.toMillis(QueueWriter.STOP_WAIT_SECONDS + 5));
        assertEquals(List.of(List.of("a"), List.of("b", "c")), written, "queued before the stop: written, together");
        assertEquals(List.of(), failed);
        assertFalse(writer.accepting());
    }

    @Test
    void aFailingWriteIsLoggedAndTheWriterGoesOn() throws Exception {
        release.countDown();
        QueueWriter<String> writer = new QueueWriter<>("test-writer", queue, this::write);
        writer.start(THREADS);
        queue.add("fail");
        queue.add("next");
        assertTrue(firstWriteStarted.await(5, TimeUnit.SECONDS));
        writer.stop(request -> {
        });
        assertEquals(List.of(List.of("next")), written);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
