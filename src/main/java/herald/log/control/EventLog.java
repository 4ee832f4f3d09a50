package herald.log.control;

import herald.log.boundary.Appended;
import herald.log.entity.Audience;
import herald.log.entity.Event;
import herald.log.entity.Topic;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The append-only event log.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #append} runs inside the caller's transaction (it refuses to run without one). It locks the
 *       topic row, takes {@code n} consecutive seq numbers and, per event name, consecutive name_seq numbers,
 *       and inserts the batch with one JDBC batch. Because the lock is held until commit, a reader that sees
 *       seq {@code n} has already been able to see every seq below it.</li>
 *   <li>The audience and the topic are created on first write, inside the same transaction: a rolled-back
 *       append leaves nothing behind.</li>
 *   <li>Reads are keyset-paged and never block writers. An unknown topic reads as empty.</li>
 *   <li>JPA reads run in a transaction, the caller's or their own. Outside one, Payara closes the
 *       EntityManager when the component invocation ends; on a WebSocket that is the read listener's
 *       invocation, whose clean-up was seen to find it closed already, fail, and drop the client frames still
 *       buffered in that read (HeraldV1IT#framesThatArriveTogetherAreEachAnswered).</li>
 * </ul>
 */
@ApplicationScoped
public class EventLog {

    private static final String ADVANCE_HEAD = """
            update topic
               set last_seq = last_seq + ?,
                   owner_producer = case when ? then coalesce(owner_producer, ?) else owner_producer end
             where audience_id = ? and name = ?
               and (not ? or owner_producer is null or owner_producer = ?)
            returning id, last_seq, clock_timestamp()""";
    private static final String ADVANCE_NAME_SEQ = """
            insert into name_counter (topic_id, name, last_seq) values (?, ?, ?)
            on conflict (topic_id, name) do update set last_seq = name_counter.last_seq + excluded.last_seq
            returning last_seq""";
    private static final String INSERT_EVENT = """
            insert into event (id, topic_id, seq, name, name_seq, producer, body, meta, event_time, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    @Inject
    DataSource database;

    @PersistenceContext(unitName = "herald")
    EntityManager entities;

    /**
     * Appends {@code drafts} to the topic, in order, as one atomic batch.
     *
     * @param producer    the writing producer, or null
     * @param claimsTopic true when the producer must own the topic (Eventserver): the first such producer
     *                    becomes its owner and any other gets {@link TopicOwnedByOther}
     * @return the events as they will be once committed, for the {@link Appended} notification
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = TopicOwnedByOther.class)
    public Appended append(String audience, String topic, String producer, boolean claimsTopic, List<Draft> drafts) {
        return appendAll(audience, Map.of(topic, drafts), producer, claimsTopic).get(0);
    }

    /**
     * Appends to several topics as one atomic batch: one row lock per topic, taken in name order so that
     * concurrent batches cannot deadlock, and one JDBC batch for all events.
     *
     * @return one {@link Appended} per topic, in topic-name order
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = TopicOwnedByOther.class)
    public List<Appended> appendAll(String audience, Map<String, List<Draft>> draftsByTopic, String producer,
                                    boolean claimsTopic) {
        List<Appended> batches = reserve(audience, draftsByTopic, producer, claimsTopic);
        write(batches);
        return batches;
    }

    /**
     * The first half of an append: locks the topics' rows (in name order), takes their seqs and name seqs
     * and numbers the events, without writing them. {@link #write} must follow in the same transaction; a
     * group commit reserves for many requests and writes them all at once.
     *
     * @throws TopicOwnedByOther before anything of this call took effect, when the producer may not write;
     *                           the transaction stays good for the other appends of a group
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = TopicOwnedByOther.class)
    public List<Appended> reserve(String audience, Map<String, List<Draft>> draftsByTopic, String producer,
                                  boolean claimsTopic) {
        if (draftsByTopic.isEmpty() || draftsByTopic.values().stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("nothing to append");
        }
        try (Connection connection = database.getConnection()) {
            long audienceId = ensureAudience(connection, audience);
            List<Appended> batches = new ArrayList<>();
            for (String topic : new TreeSet<>(draftsByTopic.keySet())) {
                List<Draft> drafts = draftsByTopic.get(topic);
                Head head = advanceHead(connection, audienceId, topic, producer, claimsTopic, drafts.size());
                if (head == null) {
                    createTopic(connection, audienceId, topic);
                    head = advanceHead(connection, audienceId, topic, producer, claimsTopic, drafts.size());
                    if (head == null) {
                        throw new TopicOwnedByOther(topic); // only a claiming (single-topic) append gets here
                    }
                }
                batches.add(new Appended(audience, head.topicId, topic, number(connection, head, producer, drafts)));
            }
            return batches;
        } catch (SQLException e) {
            throw new IllegalStateException("append to " + draftsByTopic.keySet() + " failed", e);
        }
    }

    /**
     * The second half: inserts the reserved events with one JDBC batch (a multi-row insert) and queues the
     * commit notices, one per topic and seq range, which PostgreSQL sends at commit and drops on rollback.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(List<Appended> batches) {
        try (Connection connection = database.getConnection()) {
            insert(connection, batches.stream().flatMap(batch -> batch.events().stream()).toList());
            announce(connection, batches);
        } catch (SQLException e) {
            throw new IllegalStateException("writing " + batches.size() + " reserved batches failed", e);
        }
    }

    /** The id of the audience, creating it if needed (inside the caller's transaction, if any). */
    @Transactional
    public long ensureAudience(String audience) {
        try (Connection connection = database.getConnection()) {
            return ensureAudience(connection, audience);
        } catch (SQLException e) {
            throw new IllegalStateException("audience " + audience + " could not be created", e);
        }
    }

    /** Creates the topic if it does not exist yet; idempotent. Read it back with {@link #topic} after commit. */
    @Transactional
    public void ensureTopic(String audience, String topic) {
        try (Connection connection = database.getConnection()) {
            createTopic(connection, ensureAudience(connection, audience), topic);
        } catch (SQLException e) {
            throw new IllegalStateException("topic " + topic + " could not be created", e);
        }
    }

    @Transactional
    public Optional<Audience> audience(String name) {
        return entities.createNamedQuery(Audience.BY_NAME, Audience.class)
                .setParameter("name", name)
                .getResultList().stream().findFirst(); // a list: outside a transaction the EntityManager closes after the call
    }

    /** The topics of an audience, ordered by name. */
    @Transactional
    public List<Topic> topics(long audienceId) {
        return entities.createNamedQuery(Topic.OF_AUDIENCE, Topic.class)
                .setParameter("audienceId", audienceId)
                .getResultList();
    }

    @Transactional
    public Optional<Topic> topic(String audience, String topic) {
        return entities.createNamedQuery(Topic.BY_NAME_IN_AUDIENCE, Topic.class)
                .setParameter("audience", audience)
                .setParameter("name", topic)
                .getResultList().stream().findFirst();
    }

    /** Events of a topic with seq greater than {@code afterSeq}, oldest first, at most {@code limit}. */
    @Transactional
    public List<Event> read(long topicId, long afterSeq, int limit) {
        return entities.createNamedQuery(Event.AFTER_SEQ, Event.class)
                .setParameter("topicId", topicId)
                .setParameter("after", afterSeq)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Events of one name with name_seq greater than {@code afterNameSeq}, oldest first, at most {@code limit}. */
    @Transactional
    public List<Event> readByName(long topicId, String name, long afterNameSeq, int limit) {
        return entities.createNamedQuery(Event.BY_NAME_AFTER, Event.class)
                .setParameter("topicId", topicId)
                .setParameter("name", name)
                .setParameter("after", afterNameSeq)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * The seq after which the events created at or after {@code time} start: replaying from it yields exactly
     * those events. The topic's head if there are none yet, 0 for an unknown topic.
     */
    public long seqBefore(String audience, String topic, Instant time) {
        Optional<Topic> stored = topic(audience, topic);
        if (stored.isEmpty()) {
            return 0;
        }
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select min(seq) from event where topic_id = ? and created_at >= ?")) {
            select.setLong(1, stored.get().id());
            select.setObject(2, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                long first = row.getLong(1);
                return row.wasNull() ? stored.get().lastSeq() : first - 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("events of " + topic + " could not be read", e);
        }
    }

    /** The audience and name of a topic, if it exists. */
    public Optional<TopicAddress> address(long topicId) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select a.name, t.name from topic t join audience a on a.id = t.audience_id where t.id = ?")) {
            select.setLong(1, topicId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new TopicAddress(row.getString(1), row.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("topic " + topicId + " could not be read", e);
        }
    }

    /** Where the event with this id sits, if it exists. */
    public Optional<EventPosition> position(UUID eventId) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select topic_id, name, name_seq from event where id = ?")) {
            select.setObject(1, eventId);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new EventPosition(row.getLong(1), row.getString(2), row.getLong(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("event " + eventId + " could not be read", e);
        }
    }

    /** Runs on every append: the audience almost always exists, so it is looked up before it is inserted. */
    private static long ensureAudience(Connection connection, String audience) throws SQLException {
        Long id = audienceId(connection, audience);
        if (id != null) {
            return id;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into audience (name) values (?) on conflict (name) do nothing")) {
            insert.setString(1, audience);
            insert.executeUpdate();
        }
        return audienceId(connection, audience);
    }

    private static Long audienceId(Connection connection, String audience) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select id from audience where name = ?")) {
            select.setString(1, audience);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    private static void createTopic(Connection connection, long audienceId, String topic) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into topic (audience_id, name) values (?, ?) on conflict (audience_id, name) do nothing")) {
            insert.setLong(1, audienceId);
            insert.setString(2, topic);
            insert.executeUpdate();
        }
    }

    /** Locks the topic row and takes {@code count} seq numbers; null if the topic is missing or owned by another. */
    private static Head advanceHead(Connection connection, long audienceId, String topic, String producer,
                                    boolean claimsTopic, int count) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(ADVANCE_HEAD)) {
            update.setInt(1, count);
            update.setBoolean(2, claimsTopic);
            update.setString(3, producer);
            update.setLong(4, audienceId);
            update.setString(5, topic);
            update.setBoolean(6, claimsTopic);
            update.setString(7, producer);
            try (ResultSet row = update.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                long lastSeq = row.getLong(2);
                return new Head(row.getLong(1), lastSeq - count + 1, row.getObject(3, OffsetDateTime.class).toInstant());
            }
        }
    }

    private static List<Event> number(Connection connection, Head head, String producer, List<Draft> drafts)
            throws SQLException {
        Map<String, Long> nextNameSeq = new LinkedHashMap<>();
        for (Draft draft : drafts) {
            nextNameSeq.merge(draft.name(), 1L, Long::sum);
        }
        try (PreparedStatement upsert = connection.prepareStatement(ADVANCE_NAME_SEQ)) {
            for (Map.Entry<String, Long> name : nextNameSeq.entrySet()) {
                upsert.setLong(1, head.topicId);
                upsert.setString(2, name.getKey());
                upsert.setLong(3, name.getValue());
                try (ResultSet row = upsert.executeQuery()) {
                    row.next();
                    name.setValue(row.getLong(1) - name.getValue() + 1);
                }
            }
        }
        long createdAtMillis = head.createdAt.toEpochMilli();
        List<Event> events = new ArrayList<>(drafts.size());
        long seq = head.firstSeq;
        for (Draft draft : drafts) {
            long nameSeq = nextNameSeq.merge(draft.name(), 1L, Long::sum) - 1;
            long eventTime = draft.eventTime() != null ? draft.eventTime() : createdAtMillis;
            UUID id = draft.id() != null ? draft.id() : UUID.randomUUID();
            events.add(new Event(id, head.topicId, seq++, draft.name(), nameSeq, producer,
                    draft.body(), draft.meta(), eventTime, head.createdAt));
        }
        return events;
    }

    private static void insert(Connection connection, List<Event> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
            for (Event event : events) {
                insert.setObject(1, event.id());
                insert.setLong(2, event.topicId());
                insert.setLong(3, event.seq());
                insert.setString(4, event.name());
                insert.setLong(5, event.nameSeq());
                insert.setString(6, event.producer());
                insert.setString(7, event.body());
                insert.setString(8, event.meta());
                insert.setLong(9, event.eventTime());
                insert.setObject(10, OffsetDateTime.ofInstant(event.createdAt(), ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Queues one NOTIFY per topic; PostgreSQL sends them at commit and drops them on rollback. */
    private static void announce(Connection connection, List<Appended> batches) throws SQLException {
        String[] payloads = batches.stream().map(batch -> new CommitNotice(CommitNotice.THIS_NODE, batch.topicId(),
                batch.firstSeq(), batch.lastSeq()).payload()).toArray(String[]::new);
        try (PreparedStatement notify = connection.prepareStatement(
                "select count(pg_notify(?, payload)) from unnest(?) payload")) {
            notify.setString(1, CommitNotice.CHANNEL);
            notify.setArray(2, connection.createArrayOf("text", payloads));
            notify.executeQuery().close();
        }
    }

    private record Head(long topicId, long firstSeq, Instant createdAt) {
    }
}
