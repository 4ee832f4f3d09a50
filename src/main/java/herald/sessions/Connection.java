package herald.sessions;

import herald.access.Caller;
import herald.ids.RandomIds;
import herald.metrics.HeraldMetrics;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One open WebSocket of either door: who is on it, what it is subscribed to, and its outbound queue. */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final String id = RandomIds.next().toString();
    private final Session session;
    private final Caller caller;
    private final String door;
    private final Outbox outbox;
    private final Map<String, TopicFeed> feeds = new ConcurrentHashMap<>();
    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private volatile long lastHeard = System.nanoTime();
    /** Set once the registry has let the connection go; nothing may subscribe it after that. */
    private volatile boolean forgotten;

    Connection(Session session, Caller caller, String door, long maxQueuedBytes, boolean batchEvents,
               HeraldMetrics metrics, Executor writers) {
        this.session = session;
        this.caller = caller;
        this.door = door;
        this.outbox = new Outbox(FrameWriter.of(session), maxQueuedBytes, batchEvents, () -> {
            metrics.slowConsumerClosed();
            close(CloseReason.CloseCodes.VIOLATED_POLICY, "slow consumer");
        }, metrics::delivered, writers);
    }

    public String id() {
        return id;
    }

    public Caller caller() {
        return caller;
    }

    public String door() {
        return door;
    }

    public Outbox outbox() {
        return outbox;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    void forget() {
        forgotten = true;
    }

    boolean isForgotten() {
        return forgotten;
    }

    /** Records that the client showed signs of life (a frame or a pong). */
    public void heard() {
        lastHeard = System.nanoTime();
    }

    long lastHeard() {
        return lastHeard;
    }

    Session session() {
        return session;
    }

    /** The users this connection serves: its caller's subject, and access ids it announced. */
    Set<String> users() {
        return users;
    }

    Map<String, TopicFeed> feeds() {
        return feeds;
    }

    /** Closes the connection once the frames queued so far have gone out; nothing more is queued meanwhile. */
    public void close(CloseReason.CloseCode code, String reason) {
        outbox.closeThen(() -> closeSession(code, reason));
    }

    /**
     * Closes the connection now, even in the middle of a frame: for a peer that stopped answering (its last
     * frame may never complete) and for shutdown.
     */
    public void abort(CloseReason.CloseCode code, String reason) {
        outbox.close();
        closeSession(code, reason);
    }

    private void closeSession(CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "connection " + id + " was already closing", e);
        }
    }
}
