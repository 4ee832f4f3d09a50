package herald.log.boundary;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A queue drained by one thread of its own: the thread waits for the first request and hands it to {@code step},
 * which takes whatever else has queued meanwhile and writes it all at once. There is no timer: a lone request is
 * written at once, and while one write is under way the next group gathers. A failing step is logged and the
 * thread goes on. {@link #stop} lets the thread write what has queued (for at most {@link #STOP_WAIT_SECONDS})
 * and hands what is left to the caller to fail. The {@link Appender} and {@link Acks} are such writers.
 */
final class QueueWriter<R> {

    static final long STOP_WAIT_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(QueueWriter.class.getName());

    private final String name;
    private final BlockingQueue<R> queue;
    private final Consumer<R> step;
    private volatile boolean running = true;
    private Thread thread;

    /** @param step writes the request it is given and any others it takes from the queue */
    QueueWriter(String name, BlockingQueue<R> queue, Consumer<R> step) {
        this.name = name;
        this.queue = queue;
        this.step = step;
    }

    void start(ManagedThreadFactory threads) {
        thread = threads.newThread(this::writeWhileRunning);
        thread.setName(name);
        thread.start();
    }

    /** False once {@link #stop} was called: a request queued now might never be written. */
    boolean accepting() {
        return running;
    }

    /** Stops the thread once the queue is drained, or after {@link #STOP_WAIT_SECONDS}; fails what is left. */
    void stop(Consumer<R> failLeftOver) {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (R request = queue.poll(); request != null; request = queue.poll()) {
            failLeftOver.accept(request);
        }
    }

    private void writeWhileRunning() {
        while (running || !queue.isEmpty()) {
            try {
                R first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    step.accept(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, name + " failure; continuing", e);
            }
        }
    }
}
