package herald.cluster;

import herald.log.control.CommitNotice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Tells the other nodes to drop a user's connections; this node drops its own directly. */
@ApplicationScoped
public class UserDrops {

    @Inject
    DataSource database;

    public void announce(String audience, String user) {
        try (Connection connection = database.getConnection();
             PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, DropNotice.CHANNEL);
            notify.setString(2, new DropNotice(CommitNotice.THIS_NODE, audience, user).payload());
            notify.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("other nodes could not be told to drop " + user, e);
        }
    }
}
