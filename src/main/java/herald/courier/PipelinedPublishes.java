package herald.courier;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The publishes of one connection that are queued for the log and not yet committed. A client may send
 * publishes without waiting for their acks, so one connection keeps the node's group commit busy instead of
 * taking one commit per round trip; past {@link #LIMIT} uncommitted publishes, the connection's message
 * thread waits for the oldest before queueing the next, so the client is slowed by TCP back-pressure
 * instead of filling the node's writer queue on its own.
 *
 * <p>Used by the connection's message thread only (a container delivers one message of a session at a
 * time); completions run elsewhere and only complete the futures this holds.
 */
final class PipelinedPublishes {

    /** Uncommitted publishes one connection may have: far more than a group commit's round trip needs. */
    static final int LIMIT = 64;
    private static final long WAIT_SECONDS = 60;

    private final ArrayDeque<CompletableFuture<?>> uncommitted = new ArrayDeque<>();

    /** Counts {@code publish} in; first waits, while {@link #LIMIT} are uncommitted, for the oldest. */
    void add(CompletableFuture<?> publish) {
        forgetCommitted();
        while (uncommitted.size() >= LIMIT) {
            awaitQuietly(uncommitted.poll());
            forgetCommitted();
        }
        uncommitted.add(publish);
    }

    /** Publishes queued and not yet answered. */
    int size() {
        forgetCommitted();
        return uncommitted.size();
    }

    private void forgetCommitted() {
        while (!uncommitted.isEmpty() && uncommitted.peek().isDone()) {
            uncommitted.poll();
        }
    }

    /** Its outcome is the completion's business (an ack or an error frame); here only its end matters. */
    private static void awaitQuietly(CompletableFuture<?> publish) {
        try {
            publish.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CompletionException | TimeoutException e) {
            // answered (or still pending after a minute: the appender's own timeout story) elsewhere
        }
    }
}
