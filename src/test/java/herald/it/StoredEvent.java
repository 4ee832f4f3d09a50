package herald.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** An event as committed to the log, read straight from PostgreSQL: what is checked is what was stored, not what a door shows. */
record StoredEvent(String topic, long seq, String body) {

    /** Every event of the audience, by topic name, then seq. */
    static List<StoredEvent> inAudience(String audience) throws Exception {
        try (Connection connection = TestServer.database();
             PreparedStatement select = connection.prepareStatement("""
                     select t.name, e.seq, e.body from event e
                       join topic t on t.id = e.topic_id join audience a on a.id = t.audience_id
                      where a.name = ? order by t.name, e.seq""")) {
            select.setString(1, audience);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    events.add(new StoredEvent(row.getString(1), row.getLong(2), row.getString(3)));
                }
            }
            return events;
        }
    }
}
