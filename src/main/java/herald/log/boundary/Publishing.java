package herald.log.boundary;

import herald.log.control.Draft;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The one write entry of the log: every door publishes through here, and every publish goes through the
 * node's {@link Appender}, which commits it together with whatever else is being published (group commit).
 * A method returns only once its events are committed ({@code publishLater}'s future completes then); the
 * broker hears of them only after that commit ({@link Appended} is fired inside the transaction and observed
 * {@code AFTER_SUCCESS}), and a failure leaves nothing of the call behind.
 */
@ApplicationScoped
public class Publishing {

    @Inject
    Appender appender;

    /** Appends to a topic anyone in the audience may write (Courier, Notifier). */
    public Appended publish(String audience, String topic, List<Draft> drafts) {
        return appender.append(audience, Map.of(topic, drafts), null, false).get(0);
    }

    /**
     * Queues an append to a topic anyone in the audience may write, without waiting: the future completes
     * once it is committed, after every publish the caller queued before it (a socket's pipelined publishes).
     *
     * @throws AppendQueueFull when the node's writer has too many events waiting (nothing queued)
     */
    public CompletableFuture<Appended> publishLater(String audience, String topic, List<Draft> drafts) {
        return appender.appendLater(audience, Map.of(topic, drafts), null, false).thenApply(batches -> batches.get(0));
    }

    /**
     * Appends as {@code producer}, which must own the topic or becomes its owner if it has none
     * (Eventserver). Throws {@link herald.log.control.TopicOwnedByOther} otherwise, writing nothing.
     */
    public Appended publishAsOwner(String audience, String topic, String producer, List<Draft> drafts) {
        return appender.append(audience, Map.of(topic, drafts), producer, true).get(0);
    }

    /** Appends to several topics in one transaction: all of it is committed, or none (Notifier pushes). */
    public List<Appended> publishAll(String audience, Map<String, List<Draft>> draftsByTopic) {
        return appender.append(audience, draftsByTopic, null, false);
    }
}
