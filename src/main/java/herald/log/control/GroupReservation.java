package herald.log.control;

import herald.ids.RandomIds;
import herald.log.boundary.Appended;
import herald.log.entity.Event;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.ToLongFunction;

/**
 * Takes the seqs of a whole group of appends with a fixed number of statements, however many topics the
 * group names (issue 9: a {@code push_events} for 1,000 users cost two round trips per user before): one
 * statement locks every topic row of the group, one advances every head, one every name counter.
 *
 * <p>The rows are locked in id order, so groups committing on several nodes at once cannot deadlock on
 * topics that exist (topics created by the group are locked as they are inserted; PostgreSQL breaks the
 * rare deadlock of two nodes creating the same topics in a different order, and the appender then
 * commits each request alone). Ownership (the Eventserver producer lock) is decided here, under those
 * locks, one append after another in group order: the first claiming producer of an unowned topic owns
 * it, and a later append of another producer is refused without taking a seq.
 *
 * <p>One instance serves one group inside one transaction; {@link #reserve} is the only call.
 */
final class GroupReservation {

    private static final String LOCK_TOPICS = """
            select t.id, t.audience_id, t.name, t.last_seq, t.owner_producer
              from topic t
              join unnest(?::bigint[], ?::text[]) as wanted(audience_id, name)
                on t.audience_id = wanted.audience_id and t.name = wanted.name
             order by t.id
               for update of t""";
    private static final String CREATE_TOPICS = """
            insert into topic (audience_id, name)
            select * from unnest(?::bigint[], ?::text[])
            on conflict (audience_id, name) do nothing""";
    private static final String ADVANCE_HEADS = """
            update topic t
               set last_seq = advanced.last_seq, owner_producer = advanced.owner_producer
              from unnest(?::bigint[], ?::bigint[], ?::text[]) as advanced(id, last_seq, owner_producer)
             where t.id = advanced.id
            returning clock_timestamp()""";
    private static final String ADVANCE_NAME_SEQS = """
            insert into name_counter (topic_id, name, last_seq)
            select * from unnest(?::bigint[], ?::text[], ?::bigint[])
            on conflict (topic_id, name) do update set last_seq = name_counter.last_seq + excluded.last_seq
            returning topic_id, name, last_seq""";

    private final Connection connection;
    private final Map<TopicRow.Key, TopicRow> topics = new HashMap<>();

    GroupReservation(Connection connection) {
        this.connection = connection;
    }

    /**
     * Numbers the events of {@code appends} in group order, without writing them; reservation {@code i} is
     * append {@code i}'s.
     *
     * @param audienceIds the id of each audience of the group (created if needed by the caller)
     */
    List<Reservation> reserve(List<Append> appends, ToLongFunction<String> audienceIds) throws SQLException {
        Set<TopicRow.Key> wanted = new LinkedHashSet<>();
        List<Long> audienceOf = new ArrayList<>(appends.size());
        for (Append append : appends) {
            long audienceId = audienceIds.applyAsLong(append.audience());
            audienceOf.add(audienceId);
            append.draftsByTopic().keySet().forEach(topic -> wanted.add(new TopicRow.Key(audienceId, topic)));
        }
        lockExisting(wanted);
        if (topics.size() < wanted.size()) {
            List<TopicRow.Key> missing = wanted.stream().filter(key -> !topics.containsKey(key)).toList();
            create(missing);
            lockExisting(missing);
        }

        List<Planned> plans = new ArrayList<>();
        List<Reservation> reservations = new ArrayList<>(appends.size());
        for (int i = 0; i < appends.size(); i++) {
            Append append = appends.get(i);
            TopicOwnedByOther refusal = refusal(append, audienceOf.get(i));
            if (refusal != null) {
                reservations.add(Reservation.refused(refusal));
                continue;
            }
            reservations.add(null); // filled in once the seqs are known
            for (String topic : new TreeSet<>(append.draftsByTopic().keySet())) {
                TopicRow row = topics.get(new TopicRow.Key(audienceOf.get(i), topic));
                if (append.claimsTopic() && row.owner == null) {
                    row.owner = append.producer();
                }
                List<Draft> drafts = append.draftsByTopic().get(topic);
                plans.add(new Planned(i, append, topic, row, row.lastSeq + 1, drafts));
                row.lastSeq += drafts.size();
                row.advanced = true;
            }
        }
        if (plans.isEmpty()) {
            return reservations;
        }

        Instant createdAt = advanceHeads();
        Map<NameCounter, Long> nextNameSeq = advanceNameSeqs(plans);
        Map<Integer, List<Appended>> batchesOf = new LinkedHashMap<>();
        for (Planned plan : plans) {
            batchesOf.computeIfAbsent(plan.append, any -> new ArrayList<>())
                    .add(plan.numbered(createdAt, nextNameSeq));
        }
        batchesOf.forEach((append, batches) -> reservations.set(append, Reservation.of(batches)));
        return reservations;
    }

    /** Refused if it claims a topic another producer owns, counting owners taken earlier in this group. */
    private TopicOwnedByOther refusal(Append append, long audienceId) {
        if (!append.claimsTopic()) {
            return null;
        }
        for (String topic : append.draftsByTopic().keySet()) {
            String owner = topics.get(new TopicRow.Key(audienceId, topic)).owner;
            if (owner != null && !owner.equals(append.producer())) {
                return new TopicOwnedByOther(topic);
            }
        }
        return null;
    }

    private void lockExisting(Iterable<TopicRow.Key> keys) throws SQLException {
        List<Long> audiences = new ArrayList<>();
        List<String> names = new ArrayList<>();
        keys.forEach(key -> {
            audiences.add(key.audienceId());
            names.add(key.name());
        });
        try (PreparedStatement lock = connection.prepareStatement(LOCK_TOPICS)) {
            lock.setArray(1, array("bigint", audiences));
            lock.setArray(2, array("text", names));
            try (ResultSet row = lock.executeQuery()) {
                while (row.next()) {
                    TopicRow topic = new TopicRow(row.getLong(1), row.getLong(4), row.getString(5));
                    topics.put(new TopicRow.Key(row.getLong(2), row.getString(3)), topic);
                }
            }
        }
    }

    private void create(List<TopicRow.Key> keys) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(CREATE_TOPICS)) {
            insert.setArray(1, array("bigint", keys.stream().map(TopicRow.Key::audienceId).toList()));
            insert.setArray(2, array("text", keys.stream().map(TopicRow.Key::name).toList()));
            insert.executeUpdate();
        }
    }

    /** Writes the new heads and owners; returns the group's creation time, read while the rows are locked. */
    private Instant advanceHeads() throws SQLException {
        List<TopicRow> advanced = topics.values().stream().filter(row -> row.advanced).toList();
        try (PreparedStatement update = connection.prepareStatement(ADVANCE_HEADS)) {
            update.setArray(1, array("bigint", advanced.stream().map(row -> row.id).toList()));
            update.setArray(2, array("bigint", advanced.stream().map(row -> row.lastSeq).toList()));
            update.setArray(3, array("text", advanced.stream().map(row -> row.owner).toList()));
            try (ResultSet row = update.executeQuery()) {
                row.next();
                return row.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    /** Advances every (topic, name) counter by its count in the group; returns the first name seq of each. */
    private Map<NameCounter, Long> advanceNameSeqs(List<Planned> plans) throws SQLException {
        Map<NameCounter, Long> counts = new LinkedHashMap<>();
        for (Planned plan : plans) {
            plan.drafts.forEach(draft -> counts.merge(new NameCounter(plan.row.id, draft.name()), 1L, Long::sum));
        }
        Map<NameCounter, Long> first = new HashMap<>();
        try (PreparedStatement upsert = connection.prepareStatement(ADVANCE_NAME_SEQS)) {
            upsert.setArray(1, array("bigint", counts.keySet().stream().map(NameCounter::topicId).toList()));
            upsert.setArray(2, array("text", counts.keySet().stream().map(NameCounter::name).toList()));
            upsert.setArray(3, array("bigint", List.copyOf(counts.values())));
            try (ResultSet row = upsert.executeQuery()) {
                while (row.next()) {
                    NameCounter counter = new NameCounter(row.getLong(1), row.getString(2));
                    first.put(counter, row.getLong(3) - counts.get(counter) + 1);
                }
            }
        }
        return first;
    }

    private Array array(String type, List<?> values) throws SQLException {
        return connection.createArrayOf(type, values.toArray());
    }

    /** A locked topic row as this group advances it. */
    private static final class TopicRow {
        final long id;
        long lastSeq;
        String owner;
        boolean advanced;

        TopicRow(long id, long lastSeq, String owner) {
            this.id = id;
            this.lastSeq = lastSeq;
            this.owner = owner;
        }

        record Key(long audienceId, String name) {
        }
    }

    private record NameCounter(long topicId, String name) {
    }

    /** One append's events for one topic, with the first seq they take. */
    private record Planned(int append, Append source, String topic, TopicRow row, long firstSeq, List<Draft> drafts) {

        /** Numbers the events; takes this plan's name seqs from {@code nextNameSeq}, advancing it. */
        Appended numbered(Instant createdAt, Map<NameCounter, Long> nextNameSeq) {
            long createdAtMillis = createdAt.toEpochMilli();
            List<Event> events = new ArrayList<>(drafts.size());
            long seq = firstSeq;
            for (Draft draft : drafts) {
                long nameSeq = nextNameSeq.merge(new NameCounter(row.id, draft.name()), 1L, Long::sum) - 1;
                long eventTime = draft.eventTime() != null ? draft.eventTime() : createdAtMillis;
                UUID id = draft.id() != null ? draft.id() : RandomIds.next();
                events.add(new Event(id, row.id, seq++, draft.name(), nameSeq, source.producer(), draft.body(),
                        draft.meta(), eventTime, createdAt));
            }
            return new Appended(source.audience(), row.id, topic, events);
        }
    }
}
