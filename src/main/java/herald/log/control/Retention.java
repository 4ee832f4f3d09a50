package herald.log.control;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Deletes events past the retention period (rule in {@code herald.housekeeping}), in bounded chunks so that
 * no purge holds locks for long. Each chunk is one statement committed on its own: call it outside a
 * transaction.
 */
@ApplicationScoped
public class Retention {

    static final int CHUNK = 5000;

    private static final String PURGE_CHUNK = """
            delete from event where id in (
                select e.id from event e
                 where e.created_at < now() - make_interval(days => ?)
                   and not exists (
                       select 1 from consumer_offset o
                        where o.topic_id = e.topic_id and o.name = e.name
                          and o.position < e.name_seq
                          and o.updated_at >= now() - make_interval(days => ?))
                   and not exists (
                       select 1 from durable_consumer d
                        where d.topic_id = e.topic_id
                          and d.position < e.seq
                          and d.updated_at >= now() - make_interval(days => ?))
                 limit ?)""";

    @Inject
    DataSource database;

    /** Deletes every purgeable event; returns how many. */
    public long purge(int days) {
        long total = 0;
        for (int deleted = purgeChunk(days); deleted > 0; deleted = purgeChunk(days)) {
            total += deleted;
        }
        return total;
    }

    private int purgeChunk(int days) {
        try (Connection connection = database.getConnection();
             PreparedStatement delete = connection.prepareStatement(PURGE_CHUNK)) {
            delete.setInt(1, days);
            delete.setInt(2, days);
            delete.setInt(3, days);
            delete.setInt(4, CHUNK);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("retention purge failed", e);
        }
    }
}
