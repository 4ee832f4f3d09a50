package herald.bench;

import herald.dev.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the nodes ask of PostgreSQL: a snapshot of {@code pg_stat_statements} per database user (one per node,
 * see {@link LocalHerald}) and of PostgreSQL's CPU time; two snapshots give the load between them.
 */
final class DatabaseLoad {

    /** One normalised statement of one node: how often it ran and how many rows it returned or changed. */
    record Query(String user, String query, long calls, long rows) {

        /** The relay's read of announced events (herald.log.control.RangeReads), many topics at once. */
        boolean isRelayRead() {
            return query.toLowerCase(Locale.ROOT).contains("r (topic_id, after_seq, last_seq)");
        }
    }

    /** Statement counts at one moment, and PostgreSQL's CPU time so far. */
    record Snapshot(Map<String, Query> statements, Duration postgresCpu, long takenNanos) {

        /** What ran between {@code earlier} and this snapshot, per statement. */
        List<Query> since(Snapshot earlier) {
            List<Query> delta = new ArrayList<>();
            statements.forEach((key, now) -> {
                Query before = earlier.statements.get(key);
                long calls = now.calls() - (before == null ? 0 : before.calls());
                if (calls > 0) {
                    delta.add(new Query(now.user(), now.query(), calls, now.rows() - (before == null ? 0 : before.rows())));
                }
            });
            delta.sort(Comparator.comparingLong(Query::calls).reversed());
            return delta;
        }

        double seconds(Snapshot earlier) {
            return (takenNanos - earlier.takenNanos) / 1e9;
        }
    }

    private final EmbeddedDatabase database;

    DatabaseLoad(EmbeddedDatabase database) {
        this.database = database;
        execute("create extension if not exists pg_stat_statements");
    }

    Snapshot snapshot() {
        Map<String, Query> statements = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("""
                     select r.rolname, s.queryid, s.query, s.calls, s.rows
                       from pg_stat_statements s join pg_roles r on r.oid = s.userid
                      where r.rolname like 'herald_node_%'""")) {
            while (rows.next()) {
                statements.put(rows.getString(1) + "/" + rows.getLong(2),
                        new Query(rows.getString(1), rows.getString(3), rows.getLong(4), rows.getLong(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_statements could not be read", e);
        }
        return new Snapshot(statements, cpu(database.postmaster()), System.nanoTime());
    }

    /** The fraction of PostgreSQL's notification queue in use: above 0 when listeners fall behind. */
    double notifyQueueUsage() {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("select pg_notification_queue_usage()")) {
            row.next();
            return row.getDouble(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CPU time of a process and every process below it. */
    static Duration cpu(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants())
                .map(each -> each.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}
