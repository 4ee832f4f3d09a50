package herald.broker;

import herald.log.boundary.Appended;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes committed events to the subscribers of their topic on this node.
 *
 * <p>Contract:
 * <ul>
 *   <li>Only events whose transaction committed are delivered ({@code AFTER_SUCCESS}); the broker holds no
 *       transaction of its own and never reads the database.</li>
 *   <li>Per topic, batches are delivered in seq order; a batch announced before its predecessors waits for
 *       them (they are certain to come: seq numbers are gapless and taken under the topic lock).</li>
 *   <li>A subscriber registered while events are being delivered receives them from some batch on; what it
 *       missed before that it reads from the log (replay, then live).</li>
 * </ul>
 * Bean-managed concurrency: the EJB default write lock would serialize every publish of every topic.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Broker {

    private static final Logger LOG = Logger.getLogger(Broker.class.getName());

    private final Map<TopicKey, TopicChannel> channels = new ConcurrentHashMap<>();

    public void subscribe(String audience, String topic, Subscriber subscriber) {
        channels.computeIfAbsent(new TopicKey(audience, topic), key -> new TopicChannel())
                .subscribers().add(subscriber);
    }

    public void unsubscribe(String audience, String topic, Subscriber subscriber) {
        TopicChannel channel = channels.get(new TopicKey(audience, topic));
        if (channel != null) {
            channel.subscribers().remove(subscriber);
        }
    }

    /** True when a subscriber on this node follows the topic: only then is there anything to relay to it. */
    public boolean isFollowed(String audience, String topic) {
        TopicChannel channel = channels.get(new TopicKey(audience, topic));
        return channel != null && !channel.subscribers().isEmpty();
    }

    /**
     * Seq ranges that topics have been waiting for longer than {@code age}: batches committed elsewhere whose
     * notice got lost (a reconnecting listener) and that must be read from the log instead.
     */
    public List<Gap> gaps(Duration age) {
        long before = System.nanoTime() - age.toNanos();
        List<Gap> gaps = new ArrayList<>();
        channels.forEach((key, channel) -> channel.gapOlderThan(before)
                .ifPresent(range -> gaps.add(new Gap(key.audience(), key.topic(), range[0], range[1]))));
        return gaps;
    }

    /** Seqs {@code fromSeq..toSeq} of a topic that this node has not delivered yet. */
    public record Gap(String audience, String topic, long fromSeq, long toSeq) {
    }

    /** Number of live subscriptions on this node. */
    public int subscriptions() {
        return channels.values().stream().mapToInt(channel -> channel.subscribers().size()).sum();
    }

    public void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Appended batch) {
        batch.markCommitted();
        deliver(batch);
    }

    /** Hands a committed batch to the topic's subscribers; public for the cluster relay and for tests. */
    public void deliver(Appended batch) {
        TopicChannel channel = channels.computeIfAbsent(new TopicKey(batch.audience(), batch.topic()),
                key -> new TopicChannel());
        channel.offer(batch, ready -> fanOut(channel, ready));
    }

    private static void fanOut(TopicChannel channel, Appended batch) {
        for (Subscriber subscriber : channel.subscribers()) {
            try {
                subscriber.deliver(batch);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "subscriber of " + batch.topic() + " failed; others unaffected", e);
            }
        }
    }
}
