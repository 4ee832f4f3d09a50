package herald.log.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Durable WebSocket consumers (table {@code durable_consumer}): per topic and (subject, name), the seq of the
 * last acknowledged event. The audience is the topic's, so names are per (audience, subject).
 *
 * <p>Contract:
 * <ul>
 *   <li>[DC-START] {@link #resume} stores the starting position of a consumer new to the topic (the given
 *       seq, else the topic's head, never beyond the head) and returns the stored one otherwise.</li>
 *   <li>[DC-FORWARD] {@link #acknowledge} only raises a position ({@code greatest}): an older seq changes
 *       nothing, so acks are idempotent and cumulative, and two connections acking the same consumer leave
 *       the highest. Each call is one statement, committed when it returns: durable.</li>
 *   <li>Every write refreshes {@code updated_at}: a consumer that subscribes or acks is active for
 *       retention ({@link Retention}).</li>
 * </ul>
 * Every statement runs on its own (autocommit); call these outside a transaction.
 */
@ApplicationScoped
public class ConsumerPositions {

    /** One consumer's place in one topic, with the topic's head. */
    public record Row(String consumer, String subject, String topic, long offset, long head, Instant updatedAt) {
    }

    /** The consumer of {@code name} owned by {@code subject} in the topic with this id. */
    public record Key(long topicId, String subject, String name) {
    }

    private static final java.util.Comparator<Key> ORDER = java.util.Comparator.comparingLong(Key::topicId)
            .thenComparing(Key::subject).thenComparing(Key::name);

    private static final String RESUME = """
            insert into durable_consumer (topic_id, subject, name, position)
            select t.id, ?, ?, least(coalesce(?, t.last_seq), t.last_seq) from topic t where t.id = ?
            on conflict (topic_id, subject, name) do update set updated_at = clock_timestamp()
            returning position""";

    private static final String ACKNOWLEDGE = """
            insert into durable_consumer (topic_id, subject, name, position)
            select * from unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::bigint[])
            on conflict (topic_id, subject, name) do update
               set position = greatest(durable_consumer.position, excluded.position), updated_at = clock_timestamp()
            returning topic_id, subject, name, position""";

    private static final String LIST = """
            select d.name, d.subject, t.name, d.position, t.last_seq, d.updated_at
              from durable_consumer d join topic t on t.id = d.topic_id
             where t.audience_id = ? and (?::varchar is null or d.subject = ?) and (?::varchar is null or d.name = ?)
             order by d.name, d.subject, t.name""";

    @Inject
    DataSource database;

    /**
     * Where the consumer resumes in the topic: its stored position, or, for a consumer new to the topic,
     * {@code since} (the head when null or beyond it), which is stored.
     */
    public long resume(Key consumer, Long since) {
        try (Connection connection = database.getConnection();
             PreparedStatement upsert = connection.prepareStatement(RESUME)) {
            upsert.setString(1, consumer.subject());
            upsert.setString(2, consumer.name());
            upsert.setObject(3, since, java.sql.Types.BIGINT);
            upsert.setLong(4, consumer.topicId());
            try (ResultSet row = upsert.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("topic " + consumer.topicId() + " does not exist");
                }
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("consumer " + consumer.name() + " could not be resumed", e);
        }
    }

    /** The heads of these topics, by id; a topic that does not exist is missing. */
    public Map<Long, Long> heads(Iterable<Long> topicIds) {
        List<Long> ids = new ArrayList<>();
        topicIds.forEach(ids::add);
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("select id, last_seq from topic where id = any(?)")) {
            select.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            Map<Long, Long> heads = new HashMap<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    heads.put(row.getLong(1), row.getLong(2));
                }
            }
            return heads;
        } catch (SQLException e) {
            throw new IllegalStateException("heads of " + ids.size() + " topics could not be read", e);
        }
    }

    /**
     * Raises each consumer's position to the given seq, if it is behind, with one statement for all of them.
     * The seqs must not be beyond their topics' heads (see {@link #heads}).
     *
     * @return every consumer's position afterwards
     */
    public Map<Key, Long> acknowledge(Map<Key, Long> seqs) {
        // rows locked in one order by every node's flush: two flushes sharing consumers cannot deadlock
        Map<Key, Long> ordered = new java.util.TreeMap<>(ORDER);
        ordered.putAll(seqs);
        int n = ordered.size();
        Long[] topics = new Long[n];
        String[] subjects = new String[n];
        String[] names = new String[n];
        Long[] positions = new Long[n];
        int i = 0;
        for (Map.Entry<Key, Long> ack : ordered.entrySet()) {
            topics[i] = ack.getKey().topicId();
            subjects[i] = ack.getKey().subject();
            names[i] = ack.getKey().name();
            positions[i] = ack.getValue();
            i++;
        }
        try (Connection connection = database.getConnection();
             PreparedStatement upsert = connection.prepareStatement(ACKNOWLEDGE)) {
            upsert.setArray(1, connection.createArrayOf("bigint", topics));
            upsert.setArray(2, connection.createArrayOf("varchar", subjects));
            upsert.setArray(3, connection.createArrayOf("varchar", names));
            upsert.setArray(4, connection.createArrayOf("bigint", positions));
            Map<Key, Long> after = new HashMap<>();
            try (ResultSet row = upsert.executeQuery()) {
                while (row.next()) {
                    after.put(new Key(row.getLong(1), row.getString(2), row.getString(3)), row.getLong(4));
                }
            }
            return after;
        } catch (SQLException e) {
            throw new IllegalStateException(n + " acknowledgements could not be stored", e);
        }
    }

    /**
     * The consumers of an audience, one row per consumer and topic, by name, subject and topic.
     *
     * @param subject only this subject's, or everyone's when null
     * @param name    only consumers of this name, or all when null
     */
    public List<Row> list(long audienceId, String subject, String name) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(LIST)) {
            select.setLong(1, audienceId);
            select.setString(2, subject);
            select.setString(3, subject);
            select.setString(4, name);
            select.setString(5, name);
            List<Row> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new Row(row.getString(1), row.getString(2), row.getString(3), row.getLong(4),
                            row.getLong(5), row.getObject(6, java.time.OffsetDateTime.class).toInstant()));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("consumers could not be read", e);
        }
    }

    /** Forgets a subject's consumer of this name in every topic of the audience; how many rows went. */
    public int forget(long audienceId, String subject, String name) {
        try (Connection connection = database.getConnection();
             PreparedStatement delete = connection.prepareStatement("""
                     delete from durable_consumer d using topic t
                      where t.id = d.topic_id and t.audience_id = ? and d.subject = ? and d.name = ?""")) {
            delete.setLong(1, audienceId);
            delete.setString(2, subject);
            delete.setString(3, name);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("consumer " + name + " could not be forgotten", e);
        }
    }

    /** The events every durable consumer of every topic has not acknowledged yet, summed (for the lag gauge). */
    public long totalLag() {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     select coalesce(sum(greatest(t.last_seq - d.position, 0)), 0)
                       from durable_consumer d join topic t on t.id = d.topic_id""");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("the lag of durable consumers could not be read", e);
        }
    }
}
