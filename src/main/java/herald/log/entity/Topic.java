package herald.log.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A named, durable, ordered log inside an audience. Rows are written by {@code EventLog} with SQL that
 * locks them; this mapping serves reads.
 */
@Entity
@Table(name = "topic")
@NamedQuery(name = Topic.BY_NAME_IN_AUDIENCE,
        query = "select t from Topic t, Audience a where a.id = t.audienceId and a.name = :audience and t.name = :name")
@NamedQuery(name = Topic.OF_AUDIENCE,
        query = "select t from Topic t where t.audienceId = :audienceId order by t.name")
public class Topic {

    public static final String BY_NAME_IN_AUDIENCE = "Topic.byNameInAudience";
    public static final String OF_AUDIENCE = "Topic.ofAudience";

    @Id
    private long id;
    /** The id clients see (SPEC §3: a UUID string); {@link #id} is the internal key. */
    @Column(name = "public_id")
    private UUID publicId;
    @Column(name = "audience_id")
    private long audienceId;
    private String name;
    @Column(name = "owner_producer")
    private String ownerProducer;
    @Column(name = "last_seq")
    private long lastSeq;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Topic() {
    }

    public long id() {
        return id;
    }

    public UUID publicId() {
        return publicId;
    }

    public long audienceId() {
        return audienceId;
    }

    public String name() {
        return name;
    }

    public String ownerProducer() {
        return ownerProducer;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
