package herald.log.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One committed event: immutable, so one instance may be handed to any number of threads.
 * {@code body} is the JSON the producer sent, unchanged.
 */
@Entity
@Table(name = "event")
@NamedQuery(name = Event.AFTER_SEQ,
        query = "select e from Event e where e.topicId = :topicId and e.seq > :after order by e.seq")
@NamedQuery(name = Event.BY_NAME_AFTER,
        query = "select e from Event e where e.topicId = :topicId and e.name = :name and e.nameSeq > :after"
                + " order by e.nameSeq")
public class Event {

    public static final String AFTER_SEQ = "Event.afterSeq";
    public static final String BY_NAME_AFTER = "Event.byNameAfter";

    @Id
    private UUID id;
    @Column(name = "topic_id")
    private long topicId;
    private long seq;
    private String name;
    @Column(name = "name_seq")
    private long nameSeq;
    private String producer;
    private String body;
    private String meta;
    @Column(name = "event_time")
    private long eventTime;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Event() {
    }

    public Event(UUID id, long topicId, long seq, String name, long nameSeq, String producer, String body,
                 String meta, long eventTime, Instant createdAt) {
        this.id = id;
        this.topicId = topicId;
        this.seq = seq;
        this.name = name;
        this.nameSeq = nameSeq;
        this.producer = producer;
        this.body = body;
        this.meta = meta;
        this.eventTime = eventTime;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public long topicId() {
        return topicId;
    }

    public long seq() {
        return seq;
    }

    public String name() {
        return name;
    }

    public long nameSeq() {
        return nameSeq;
    }

    /** The Eventserver producer id, or null for events of the other doors. */
    public String producer() {
        return producer;
    }

    public String body() {
        return body;
    }

    /** Door-specific metadata as JSON (Eventserver version, system, trigger), or null. */
    public String meta() {
        return meta;
    }

    /** Epoch milliseconds: Notifier {@code created_at}, otherwise the server time of the append. */
    public long eventTime() {
        return eventTime;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
