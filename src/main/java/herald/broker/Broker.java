package herald.broker;

import herald.log.boundary.Appended;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

/**
 * Routes committed events to the subscribers of their topic on this node.
 *
 * <p>Contract:
 * <ul>
 *   <li>Only events whose transaction committed are delivered ({@code AFTER_SUCCESS}); the broker holds no
 *       transaction of its own and never reads the database.</li>
 *   <li>Per topic, batches are delivered in seq order with no gap and no duplicate; a batch announced before
 *       its predecessors waits for them, however early in the topic's life (they are certain to come: seqs
 *       are gapless and taken under the topic lock; one lost on the way is read from the log by the relay).</li>
 *   <li>A subscriber receives every event after the head it passes to {@link Subscription#startAfter}, and
 *       possibly some before it (from the batch it joined during), which it trims itself; what precedes its
 *       head it reads from the log (replay, then live).</li>
 *   <li>Only topics with a subscriber here take memory: batches of other topics are dropped at once.</li>
 * </ul>
 * Bean-managed concurrency: the EJB default write lock would serialize every publish of every topic. The
 * channels live in a plain object ({@link TopicChannels}): the container proxies every non-private method of
 * an EJB, and a proxy in another class loader cannot reach package-private types.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Broker {

    private static final Logger LOG = Logger.getLogger(Broker.class.getName());

    private final TopicChannels channels = new TopicChannels();

    /** Container-aware threads: subscribers' sends may need the application's context. */
    @Resource
    ManagedThreadFactory threads;

    private ExecutorService[] shards;

    /**
     * Joins {@code subscriber} to a topic; it is handed batches from now on and must then call
     * {@link Subscription#startAfter} with the topic's head.
     */
    public Subscription subscribe(String audience, String topic, Subscriber subscriber) {
        return channels.subscribe(new TopicKey(audience, topic), subscriber);
    }

    /** True when a subscriber on this node follows the topic: only then is there anything to relay to it. */
    public boolean isFollowed(String audience, String topic) {
        return channels.isFollowed(new TopicKey(audience, topic));
    }

    /**
     * Seq ranges that topics have been waiting for longer than {@code age}: batches committed elsewhere whose
     * notice got lost (a reconnecting listener) and that must be read from the log instead.
     */
    public List<Gap> gaps(Duration age) {
        return channels.gaps(age);
    }

    /** Seqs {@code fromSeq..toSeq} of a topic that this node has not delivered yet. */
    public record Gap(String audience, String topic, long fromSeq, long toSeq) {
    }

    /** Number of live subscriptions on this node. */
    public int subscriptions() {
        return channels.subscriptions();
    }

    /** Number of topics with a subscriber on this node: what the broker holds memory for. */
    public int followedTopics() {
        return channels.followed();
    }

    /**
     * Takes a committed batch off the committing thread: the node's one appender commits the next group
     * while the batch fans out. Each topic has its shard, a single thread, so a topic's batches reach its
     * channel in commit order.
     */
    public void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Appended batch) {
        batch.markCommitted();
        try {
            shards[Math.floorMod(new TopicKey(batch.audience(), batch.topic()).hashCode(), shards.length)]
                    .execute(() -> deliver(batch));
        } catch (RejectedExecutionException shuttingDown) {
            LOG.fine(() -> "not delivered live while shutting down: " + batch.topic());
        }
    }

    @PostConstruct
    void startShards() {
        shards = new ExecutorService[Math.max(2, Runtime.getRuntime().availableProcessors())];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = Executors.newSingleThreadExecutor(threads);
        }
    }

    @PreDestroy
    void stopShards() {
        for (ExecutorService shard : shards) {
            shard.shutdown();
        }
    }

    /**
     * Hands a committed batch to the topic's subscribers, if it has any here; public for the cluster relay
     * and for tests.
     */
    public void deliver(Appended batch) {
        channels.deliver(batch);
    }
}
