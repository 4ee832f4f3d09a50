package herald.log.control;

import herald.log.boundary.Appended;
import herald.log.entity.Audience;
import herald.log.entity.Event;
import herald.log.entity.Topic;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

    private static final String INSERT_EVENT = """
            insert into event (id, topic_id, seq, name, name_seq, producer, body, meta, event_time, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    @Inject
    DataSource database;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final Map<String, Long> committedAudiences = new ConcurrentHashMap<>();

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
     * The first half of an append: locks the topics' rows, takes their seqs and name seqs and numbers the
     * events, without writing them. {@link #write} must follow in the same transaction.
     *
     * @throws TopicOwnedByOther before anything of this call took effect, when the producer may not write;
     *                           the transaction stays good
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = TopicOwnedByOther.class)
    public List<Appended> reserve(String audience, Map<String, List<Draft>> draftsByTopic, String producer,
                                  boolean claimsTopic) {
        return reserve(List.of(new Append(audience, draftsByTopic, producer, claimsTopic))).get(0).batchesOrThrow();
    }

    /**
     * Reserves for a whole group of appends with a fixed number of statements ({@link GroupReservation}):
     * reservation {@code i} is append {@code i}'s, numbered or refused alone. A group commit reserves for
     * all its requests at once and writes them all with one {@link #write}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Reservation> reserve(List<Append> appends) {
        try (Connection connection = database.getConnection()) {
            Map<String, Long> audienceIds = new HashMap<>();
            for (Append append : appends) {
                if (!audienceIds.containsKey(append.audience())) {
                    audienceIds.put(append.audience(), audienceId(connection, append.audience()));
                }
            }
            return new GroupReservation(connection).reserve(appends, audienceIds::get);
        } catch (SQLException e) {
            throw new IllegalStateException("reserving for " + appends.size() + " appends failed", e);
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

    /**
     * The id of an audience, creating it inside the current transaction if needed. Audiences are never
     * deleted, so an id once read from a committed row is kept: appends to a known audience cost no query.
     * An audience this transaction creates is remembered only once the transaction has committed.
     */
    private long audienceId(Connection connection, String audience) throws SQLException {
        Long known = committedAudiences.get(audience);
        if (known != null) {
            return known;
        }
        Long existing = selectAudienceId(connection, audience);
        if (existing != null) {
            committedAudiences.put(audience, existing); // visible before any insert of ours: committed
            return existing;
        }
        long created = insertAudience(connection, audience);
        transactions.registerInterposedSynchronization(new AfterCommit(() -> committedAudiences.put(audience, created)));
        return created;
    }

    private static long ensureAudience(Connection connection, String audience) throws SQLException {
        Long id = selectAudienceId(connection, audience);
        return id != null ? id : insertAudience(connection, audience);
    }

    /** Inserts the audience unless another transaction just did; its id either way. */
    private static long insertAudience(Connection connection, String audience) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into audience (name) values (?) on conflict (name) do nothing")) {
            insert.setString(1, audience);
            insert.executeUpdate();
        }
        return selectAudienceId(connection, audience);
    }

    private static Long selectAudienceId(Connection connection, String audience) throws SQLException {
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

    /** Runs its action once the transaction it was registered with has committed; nothing on rollback. */
    private record AfterCommit(Runnable action) implements Synchronization {

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                action.run();
            }
        }
    }
}
