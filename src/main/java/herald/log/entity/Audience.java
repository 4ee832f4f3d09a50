package herald.log.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant: every topic, event, connection and consumer belongs to exactly one audience. */
@Entity
@Table(name = "audience")
@NamedQuery(name = Audience.BY_NAME, query = "select a from Audience a where a.name = :name")
public class Audience {

    public static final String BY_NAME = "Audience.byName";

    @Id
    private long id;
    /** The id clients see (SPEC §3: a UUID string); {@link #id} is the internal key. */
    @Column(name = "public_id")
    private UUID publicId;
    private String name;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Audience() {
    }

    public long id() {
        return id;
    }

    public UUID publicId() {
        return publicId;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
