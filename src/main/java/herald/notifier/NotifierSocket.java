package herald.notifier;

import static herald.limits.JsonProviders.JSON;

import herald.access.Caller;
import herald.access.Permissions;
import herald.limits.UntrustedJson;
import herald.sessions.Connection;
import herald.sessions.Connections;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /subscribe_to_events}: the first client frame announces {@code {"access_id","timestamp"}}; the socket
 * then receives the user's stored notifications since that timestamp and every new one. Later client frames
 * are ignored, as the original did.
 */
@ServerEndpoint("/subscribe_to_events")
public class NotifierSocket {

    static final String DOOR = "notifier";
    static final int MAX_ANNOUNCEMENT_CHARS = 4096;

    @Inject
    Connections connections;

    @Inject
    @ConfigProperty(name = "herald.notifier.announcement-seconds", defaultValue = "10")
    long announcementSeconds;

    private Connection connection;
    private ScheduledFuture<?> deadline;
    private boolean announced;

    @OnOpen
    public void open(Session session) {
        session.setMaxTextMessageBufferSize(MAX_ANNOUNCEMENT_CHARS);
        session.setMaxBinaryMessageBufferSize(MAX_ANNOUNCEMENT_CHARS);
        Caller caller = (Caller) session.getUserPrincipal();
        connections.admit(session, caller, DOOR, false).ifPresent(admitted -> {
            connection = admitted;
            deadline = connections.schedule(() -> {
                if (!announced) {
                    admitted.close(CloseReason.CloseCodes.VIOLATED_POLICY, "announcement timeout");
                }
            }, Duration.ofSeconds(announcementSeconds));
        });
    }

    @OnMessage
    public void message(String text) {
        if (connection == null || !isAnnouncement()) {
            return; // later frames are ignored, as the original did
        }
        Announcement announcement = Announcement.parse(text);
        if (announcement == null) {
            refuseAnnouncement();
            return;
        }
        Caller caller = connection.caller();
        if (!Permissions.isPrivileged(caller) && !announcement.accessId().equals(caller.subject())) {
            connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, "access_id does not match token");
            return;
        }
        if (connections.identify(connection, announcement.accessId())) {
            long since = announcement.timestamp();
            connections.follow(connection, Permissions.userTopic(announcement.accessId()), NotifierWire.INSTANCE,
                    0L, event -> event.eventTime() >= since);
        }
    }

    /**
     * A binary frame (issue 12: it used to be ignored, and the socket then ignored the announcement too). As
     * the first frame it is a wrong announcement (SPEC §4); later, the socket closes 1003: the Notifier
     * protocol has no binary frames.
     */
    @OnMessage
    public void binary(ByteBuffer data) {
        if (connection == null) {
            return;
        }
        if (isAnnouncement()) {
            refuseAnnouncement();
        } else {
            connection.close(CloseReason.CloseCodes.CANNOT_ACCEPT, "binary frames are not accepted");
        }
    }

    /** Notes that the client spoke; true for its first frame, the announcement, whose deadline then ends. */
    private boolean isAnnouncement() {
        connection.heard();
        if (announced) {
            return false;
        }
        announced = true;
        deadline.cancel(false);
        return true;
    }

    private void refuseAnnouncement() {
        connection.outbox().offer("Wrong JSON announcement");
        connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, "Wrong JSON announcement");
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (connection != null) {
            connection.heard();
        }
    }

    @OnClose
    public void closed(Session session) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        connections.closed(session);
    }

    @OnError
    public void failed(Session session, Throwable failure) {
        connections.failed(session, DOOR, failure);
    }

    /** The first client frame: whose events, and since when (epoch milliseconds, as the connectors send them). */
    record Announcement(String accessId, long timestamp) {

        /** The announcement, or null when the frame is not exactly that JSON. */
        static Announcement parse(String text) {
            try {
                if (!(UntrustedJson.read(text) instanceof JsonObject frame)) {
                    return null;
                }
                if (frame.get("access_id") instanceof JsonString accessId
                        && PushedEvent.isValidAccessId(accessId.getString())
                        && frame.get("timestamp") instanceof JsonNumber timestamp && timestamp.isIntegral()) {
                    return new Announcement(accessId.getString(), timestamp.longValue());
                }
                return null;
            } catch (JsonException | IllegalStateException e) {
                return null;
            }
        }
    }
}
