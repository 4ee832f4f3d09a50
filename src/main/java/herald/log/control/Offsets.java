package herald.log.control;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Consumer offsets: per (consumer, topic, event name), the name_seq of the last acknowledged event.
 *
 * <p>Contract: an offset only moves forward. Acknowledging an event at or behind the offset changes
 * nothing, so a consumer may retry an acknowledgement safely; acknowledging ahead of the offset
 * acknowledges every event before it too (cumulative, like a Kafka commit). A consumer that never
 * acknowledged has offset 0.
 */
@ApplicationScoped
public class Offsets {

    @Inject
    DataSource database;

    public long position(String consumer, long topicId, String name) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select position from consumer_offset where consumer = ? and topic_id = ? and name = ?")) {
            select.setString(1, consumer);
            select.setLong(2, topicId);
            select.setString(3, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("offset of " + consumer + " could not be read", e);
        }
    }

    @Transactional
    public void acknowledge(String consumer, EventPosition event) {
        try (Connection connection = database.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     insert into consumer_offset (consumer, topic_id, name, position) values (?, ?, ?, ?)
                     on conflict (consumer, topic_id, name) do update
                        set position = excluded.position, updated_at = clock_timestamp()
                      where consumer_offset.position < excluded.position""")) {
            upsert.setString(1, consumer);
            upsert.setLong(2, event.topicId());
            upsert.setString(3, event.name());
            upsert.setLong(4, event.nameSeq());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("offset of " + consumer + " could not be moved", e);
        }
    }
}
