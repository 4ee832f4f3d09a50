package herald.log.boundary;

import herald.log.control.EventLog;
import herald.log.control.TopicOwnedByOther;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transaction for many appends (issue 9): every request reserves its seqs under its topics' row locks,
 * then all events go in with one multi-row insert and the commit notices with them, and the transaction
 * commits once: one WAL flush and one turn at PostgreSQL's NOTIFY lock for the whole group.
 *
 * <p>A request refused by a rule (a topic owned by another producer) is refused alone, before it wrote
 * anything, and the rest commit. Any other failure rolls the whole group back; the appender then commits
 * each request alone, so that a poisonous request fails by itself.
 */
@ApplicationScoped
public class GroupCommit {

    @Inject
    EventLog log;

    @Inject
    Event<Appended> appended;

    /** What became of one request of a committed group: its batches, or the rule that refused it alone. */
    public record Outcome(List<Appended> batches, RuntimeException refusal) {

        static Outcome committed(List<Appended> batches) {
            return new Outcome(batches, null);
        }

        static Outcome refused(RuntimeException refusal) {
            return new Outcome(null, refusal);
        }
    }

    /**
     * Commits the requests together; outcome {@code i} is request {@code i}'s. The broker hears of one
     * batch per topic, after the commit.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Outcome> commit(List<AppendRequest> requests) {
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        List<Appended> written = new ArrayList<>();
        for (AppendRequest request : requests) {
            try {
                List<Appended> batches = log.reserve(request.audience, request.draftsByTopic, request.producer,
                        request.claimsTopic);
                batches.forEach(batch -> batch.accepted(request.acceptedNanos));
                written.addAll(batches);
                outcomes.add(Outcome.committed(batches));
            } catch (TopicOwnedByOther refused) {
                outcomes.add(Outcome.refused(refused));
            }
        }
        if (!written.isEmpty()) {
            log.write(written);
            perTopic(written).forEach(appended::fire);
        }
        return outcomes;
    }

    /** The batches of each topic joined into one, in commit order: one fan-out per topic and group. */
    static List<Appended> perTopic(List<Appended> batches) {
        Map<Long, Appended> byTopic = new LinkedHashMap<>();
        for (Appended batch : batches) {
            byTopic.merge(batch.topicId(), batch, Appended::followedBy);
        }
        return List.copyOf(byTopic.values());
    }
}
