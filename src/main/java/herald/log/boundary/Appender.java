package herald.log.boundary;

import herald.log.control.Draft;
import herald.log.control.Reservation;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's one writer (issue 9): every append of every door queues here, and a single thread commits
 * whatever has queued as one {@link GroupCommit}. There is no timer: a lone append commits at once, and
 * while a commit is under way the next group gathers by itself, so groups grow with the load and one WAL
 * flush serves many callers. Each caller is answered only after its group committed.
 *
 * <p>Back-pressure: at most {@code herald.log.queue-events} events wait (default 20,000); beyond that an
 * append is refused at once with {@link AppendQueueFull} instead of piling up threads and connections.
 */
@ApplicationScoped
public class Appender {

    private static final Logger LOG = Logger.getLogger(Appender.class.getName());
    /** Events per group: enough to amortise the commit, small enough to keep one transaction short. */
    static final int MAX_GROUP_EVENTS = 5_000;
    private static final long WAIT_SECONDS = 60;

    @Inject
    GroupCommit groupCommit;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    HeraldMetrics metrics;

    @Inject
    @ConfigProperty(name = "herald.log.queue-events", defaultValue = "20000")
    int queueEvents;

    private final LinkedBlockingQueue<AppendRequest> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final QueueWriter<AppendRequest> writer = new QueueWriter<>("herald-appender", queue,
            first -> commit(gather(first)));

    @PostConstruct
    void start() {
        metrics.appendQueueGauge(queued::get);
        writer.start(threads);
    }

    /** Created with the application, so that the writer thread runs before the first append. */
    void boot(@Observes @Initialized(ApplicationScoped.class) Object application) {
        LOG.fine(() -> "appender ready, at most " + queueEvents + " events queued");
    }

    /**
     * Appends and waits for the commit.
     *
     * @return one batch per topic, in topic-name order, as committed
     * @throws AppendQueueFull                         when too many events already wait (nothing written)
     * @throws herald.log.control.TopicOwnedByOther    when the producer may not write the topic
     */
    public List<Appended> append(String audience, Map<String, List<Draft>> draftsByTopic, String producer,
                                 boolean claimsTopic) {
        CompletableFuture<List<Appended>> outcome = appendLater(audience, draftsByTopic, producer, claimsTopic);
        try {
            return outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException refusal ? refusal : new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no commit within " + WAIT_SECONDS + " s; the append may still commit", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the commit", e);
        }
    }

    /**
     * Queues an append without waiting: the future completes on the writer thread once the group that takes
     * it committed (or failed), so callers that pipeline see their appends committed, and answered, in the
     * order they queued them.
     *
     * @throws AppendQueueFull when too many events already wait (nothing queued)
     */
    public CompletableFuture<List<Appended>> appendLater(String audience, Map<String, List<Draft>> draftsByTopic,
                                                         String producer, boolean claimsTopic) {
        AppendRequest request = new AppendRequest(audience, draftsByTopic, producer, claimsTopic);
        int waiting = queued.addAndGet(request.events);
        if (waiting > queueEvents && waiting != request.events) { // one oversized request alone may pass
            queued.addAndGet(-request.events);
            throw new AppendQueueFull(queueEvents);
        }
        if (!writer.accepting()) {
            queued.addAndGet(-request.events);
            throw shuttingDown();
        }
        queue.add(request);
        return request.outcome;
    }

    /** Appends queued and not yet taken into a group. */
    public int waiting() {
        return queue.size();
    }

    /** {@code first} and whatever else has queued meanwhile, up to {@link #MAX_GROUP_EVENTS} events. */
    private List<AppendRequest> gather(AppendRequest first) {
        List<AppendRequest> group = new ArrayList<>();
        group.add(first);
        int events = first.events;
        for (AppendRequest next = queue.peek(); next != null && events + next.events <= MAX_GROUP_EVENTS;
             next = queue.peek()) {
            group.add(queue.poll());
            events += next.events;
        }
        return group;
    }

    /**
     * Commits a group on the calling thread and answers its callers; a group that fails together is retried
     * request by request. The writer thread's step, public for tests that compose a group themselves (a
     * container proxy cannot pass on package-private calls).
     */
    public void commit(List<AppendRequest> group) {
        try {
            complete(group, groupCommit.commit(group));
        } catch (RuntimeException together) {
            if (group.size() == 1) {
                fail(group.get(0), together);
                return;
            }
            LOG.log(Level.FINE, "a group of " + group.size() + " appends failed together; committing each alone", together);
            for (AppendRequest request : group) {
                try {
                    complete(List.of(request), groupCommit.commit(List.of(request)));
                } catch (RuntimeException alone) {
                    fail(request, alone);
                }
            }
        }
    }

    private void complete(List<AppendRequest> group, List<Reservation> outcomes) {
        for (int i = 0; i < group.size(); i++) {
            AppendRequest request = group.get(i);
            Reservation outcome = outcomes.get(i);
            queued.addAndGet(-request.events);
            if (outcome.refusal() != null) {
                request.outcome.completeExceptionally(outcome.refusal());
            } else {
                request.outcome.complete(outcome.batches());
            }
        }
    }

    private void fail(AppendRequest request, RuntimeException failure) {
        queued.addAndGet(-request.events);
        request.outcome.completeExceptionally(failure);
    }

    private static IllegalStateException shuttingDown() {
        return new IllegalStateException("Herald is shutting down; nothing was appended");
    }

    @PreDestroy
    void stop() {
        writer.stop(request -> fail(request, shuttingDown()));
    }
}
