package herald.log.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant: every topic, event, connection and consumer belongs to exactly one audience. */
@Entity
@Table(name = "audience")
@NamedQuery(name = Audience.BY_NAME, query = "select a from Audience a where a.name = :name")
public class Audience {

    public static final String BY_NAME = "Audience.byName";

    @Id
    private long id;
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
