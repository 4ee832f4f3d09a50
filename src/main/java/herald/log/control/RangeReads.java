package herald.log.control;

import herald.log.entity.Event;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads for the cluster relay, where a burst of commit notices names many topics: one statement reads the
 * announced seqs of all of them, and one the addresses of topics not seen before. Per topic and read, the cost
 * of a relayed batch was a statement and a transaction of its own; with many topics that capped what a node
 * could follow (docs/cluster.md).
 */
@ApplicationScoped
public class RangeReads {

    /** The seqs after {@code afterSeq} up to {@code lastSeq} of one topic. */
    public record SeqRange(long topicId, long afterSeq, long lastSeq) {
    }

    @Inject
    DataSource database;

    /**
     * The events of every range, at most {@code perTopic} of each (the first ones), ordered by topic and seq.
     * A range whose events were purged yields none of them; a topic may appear in one range only.
     */
    public List<Event> read(Collection<SeqRange> ranges, int perTopic) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     select e.id, e.topic_id, e.seq, e.name, e.name_seq, e.producer, e.body, e.meta, e.event_time, e.created_at
                       from unnest(?::bigint[], ?::bigint[], ?::bigint[]) r (topic_id, after_seq, last_seq)
                       join event e on e.topic_id = r.topic_id and e.seq > r.after_seq
                                   and e.seq <= least(r.last_seq, r.after_seq + ?)
                      order by e.topic_id, e.seq""")) {
            select.setArray(1, connection.createArrayOf("bigint", ranges.stream().map(SeqRange::topicId).toArray()));
            select.setArray(2, connection.createArrayOf("bigint", ranges.stream().map(SeqRange::afterSeq).toArray()));
            select.setArray(3, connection.createArrayOf("bigint", ranges.stream().map(SeqRange::lastSeq).toArray()));
            select.setLong(4, perTopic);
            List<Event> events = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    events.add(new Event(row.getObject(1, UUID.class), row.getLong(2), row.getLong(3), row.getString(4),
                            row.getLong(5), row.getString(6), row.getString(7), row.getString(8), row.getLong(9),
                            row.getObject(10, OffsetDateTime.class).toInstant()));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("announced events of " + ranges.size() + " topics could not be read", e);
        }
    }

    /** The addresses of those of the topics that exist, by id. */
    public Map<Long, TopicAddress> addresses(Collection<Long> topicIds) {
        Map<Long, TopicAddress> found = new HashMap<>();
        if (topicIds.isEmpty()) {
            return found;
        }
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select t.id, a.name, t.name from topic t join audience a on a.id = t.audience_id where t.id = any(?)")) {
            select.setArray(1, connection.createArrayOf("bigint", topicIds.toArray()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.put(row.getLong(1), new TopicAddress(row.getString(2), row.getString(3)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("addresses of " + topicIds.size() + " topics could not be read", e);
        }
    }
}
