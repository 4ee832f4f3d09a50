package herald.log.boundary;

import herald.log.control.Draft;
import herald.log.control.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/**
 * The one transactional write entry of the log: every door publishes through here. The append and the
 * {@link Appended} notification share one transaction, so live delivery (an {@code AFTER_SUCCESS}
 * observer) happens only for committed events, and a failure anywhere leaves nothing behind.
 */
@ApplicationScoped
public class Publishing {

    @Inject
    EventLog log;

    @Inject
    Event<Appended> appended;

    /** Appends to a topic anyone in the audience may write (Courier, Notifier). */
    @Transactional
    public Appended publish(String audience, String topic, List<Draft> drafts) {
        long accepted = System.nanoTime();
        return announce(log.append(audience, topic, null, false, drafts), accepted);
    }

    /**
     * Appends as {@code producer}, which must own the topic or becomes its owner if it has none
     * (Eventserver). Throws {@link herald.log.control.TopicOwnedByOther} otherwise, writing nothing.
     */
    @Transactional
    public Appended publishAsOwner(String audience, String topic, String producer, List<Draft> drafts) {
        long accepted = System.nanoTime();
        return announce(log.append(audience, topic, producer, true, drafts), accepted);
    }

    /** Appends to several topics in one transaction: all of it is committed, or none (Notifier pushes). */
    @Transactional
    public List<Appended> publishAll(String audience, Map<String, List<Draft>> draftsByTopic) {
        long accepted = System.nanoTime();
        List<Appended> batches = log.appendAll(audience, draftsByTopic, null, false);
        batches.forEach(batch -> announce(batch, accepted));
        return batches;
    }

    private Appended announce(Appended batch, long accepted) {
        batch.accepted(accepted);
        appended.fire(batch);
        return batch;
    }
}
