package herald.sessions;

import jakarta.websocket.Session;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which thread starts a connection's sends. On Undertow (WildFly) every connection belongs to one XNIO I/O
 * thread, and a frame sent from any other thread is handed to it through a queue and a wake-up, one hand-off
 * per frame (39 % of fan-out CPU in a profile: STACK.md 14). Starting the connection's sends on its own I/O
 * thread writes them there directly, and the I/O threads (about two per core) shard the fan-out by connection
 * as they already shard reads. Elsewhere (Tyrus writes on the calling thread) Herald's own writer pool does.
 *
 * <p>What runs there is short and never blocks: an outbox's pump takes its lock, which offering threads hold
 * only to queue a frame.
 */
final class SendThreads {

    private static final Logger LOG = Logger.getLogger(SendThreads.class.getName());

    private static volatile Class<?> knownSession;
    private static volatile Method[] knownPath;

    private SendThreads() {
    }

    /** The thread that owns {@code session}'s socket where the container has one, else {@code pool}. */
    static Executor of(Session session, Executor pool) {
        Method[] path = path(session.getClass());
        if (path == null) {
            return pool;
        }
        try {
            Object channel = path[0].invoke(session);
            Object ioThread = channel == null ? null : path[1].invoke(channel);
            return ioThread instanceof Executor own ? own : pool;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "I/O thread of " + session.getClass().getName() + " not reachable", e);
            return pool;
        }
    }

    /** {@code UndertowSession.getWebSocketChannel()}, then {@code getIoThread()} on it; null elsewhere. */
    private static Method[] path(Class<?> sessionType) {
        if (sessionType == knownSession) {
            return knownPath;
        }
        Method[] found = null;
        try {
            Method channel = sessionType.getMethod("getWebSocketChannel");
            Method ioThread = channel.getReturnType().getMethod("getIoThread");
            if (Executor.class.isAssignableFrom(ioThread.getReturnType())) {
                found = new Method[]{channel, ioThread};
            }
        } catch (NoSuchMethodException | RuntimeException e) {
            LOG.log(Level.FINE, sessionType.getName() + " has no I/O thread of its own", e);
        }
        Method[] result = found;
        LOG.info(() -> result != null
                ? "WebSocket sends start on each connection's own I/O thread (" + sessionType.getName() + ")"
                : "WebSocket sends start on Herald's writer threads (" + sessionType.getName() + ")");
        knownPath = found;
        knownSession = sessionType;
        return found;
    }
}
