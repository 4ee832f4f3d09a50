package herald.log.boundary;

import herald.log.control.ConsumerPositions;
import herald.metrics.HeraldMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Logger;

/**
 * The node's ack writer for durable consumers. Acks queue here and one thread stores whatever has queued as
 * one {@link AckGroup}: like the {@link Appender}, no timer — a lone ack is stored at once, and while a flush
 * is under way the next group gathers, so a client acking every event costs one statement per flush, not
 * one transaction per event. The future of an ack completes once the statement that covers it committed.
 */
@ApplicationScoped
public class Acks {

    private static final Logger LOG = Logger.getLogger(Acks.class.getName());
    /** Acks per flush: one statement's arrays stay small. */
    static final int MAX_GROUP = 10_000;
    /** Acks waiting at most: a client flooding acks is refused instead of growing the heap. */
    static final int MAX_QUEUED = 100_000;

    @Inject
    ConsumerPositions positions;

    @Inject
    HeraldMetrics metrics;

    @Resource
    ManagedThreadFactory threads;

    private final LinkedBlockingQueue<AckGroup.Request> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final QueueWriter<AckGroup.Request> writer = new QueueWriter<>("herald-acks", queue, this::flush);

    @PostConstruct
    void start() {
        writer.start(threads);
        metrics.consumerLagGauge(positions::totalLag); // read from the database when scraped, not per ack
    }

    /** Created with the application, so that the writer thread runs before the first ack. */
    void boot(@Observes @Initialized(ApplicationScoped.class) Object application) {
        LOG.fine("ack writer ready");
    }

    /**
     * Queues an ack of {@code seq} for the consumer.
     *
     * @return the consumer's position once stored (at least {@code seq}); failed with {@link AckBeyondHead}
     *         when the topic has not reached {@code seq}, with {@link AckQueueFull} (nothing stored) when
     *         {@value #MAX_QUEUED} acks already wait
     */
    public CompletableFuture<Long> ack(ConsumerPositions.Key consumer, long seq) {
        AckGroup.Request request = new AckGroup.Request(consumer, seq);
        if (!writer.accepting()) {
            request.position().completeExceptionally(shuttingDown());
            return request.position();
        }
        if (!queue.offer(request)) {
            request.position().completeExceptionally(new AckQueueFull(MAX_QUEUED));
        }
        return request.position();
    }

    /** Stores {@code first} and whatever else has queued, up to {@value #MAX_GROUP} acks, as one group. */
    private void flush(AckGroup.Request first) {
        List<AckGroup.Request> group = new ArrayList<>();
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        metrics.acked(AckGroup.flush(group, positions::heads, positions::acknowledge));
    }

    private static IllegalStateException shuttingDown() {
        return new IllegalStateException("Herald is shutting down; nothing was acknowledged");
    }

    @PreDestroy
    void stop() {
        writer.stop(request -> request.position().completeExceptionally(shuttingDown()));
    }
}
