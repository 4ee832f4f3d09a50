package herald.log.boundary;

import herald.log.control.EventLog;
import herald.log.control.Reservation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transaction for many appends (issue 9): the whole group reserves its seqs under its topics' row locks
 * with a few statements, then all events go in with one multi-row insert and the commit notices with them,
 * and the transaction commits once: one WAL flush and one turn at PostgreSQL's NOTIFY lock for the group.
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

    /**
     * Commits the requests together; reservation {@code i} is request {@code i}'s. The broker hears of one
     * batch per topic, after the commit.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Reservation> commit(List<AppendRequest> requests) {
        List<Reservation> reservations = log.reserve(requests.stream().map(request -> request.append).toList());
        List<Appended> written = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            List<Appended> batches = reservations.get(i).batches();
            if (batches != null) {
                long acceptedNanos = requests.get(i).acceptedNanos;
                batches.forEach(batch -> batch.accepted(acceptedNanos));
                written.addAll(batches);
            }
        }
        if (!written.isEmpty()) {
            log.write(written);
            perTopic(written).forEach(appended::fire);
        }
        return reservations;
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
