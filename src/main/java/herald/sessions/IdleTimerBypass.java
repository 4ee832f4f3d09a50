package herald.sessions;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes Tyrus's idle-timer re-arm off every frame. Tyrus (Payara's WebSocket implementation) re-arms a
 * session's idle timeout on every frame sent or received by scheduling a task on the container's managed
 * scheduler, also when the timeout is 0 and the task then does nothing; each such task captures and
 * restores the application's context, and the task runs on a pool thread (STACK.md 14). Herald never sets
 * an idle timeout (its heartbeat closes silent connections), so those tasks only cost.
 *
 * <p>The session's scheduler (Tyrus's private {@code TyrusSession.service}, the same field from Tyrus 2.1.3
 * to 2.2) is wrapped once per session: a re-arm with no timeout returns an already finished future, anything
 * with a delay goes to the container's scheduler as before. On any other container, or a Tyrus without that
 * field, nothing changes.
 */
final class IdleTimerBypass {

    private static final Logger LOG = Logger.getLogger(IdleTimerBypass.class.getName());
    private static final String FIELD = "service";

    private static volatile Class<?> knownClass;
    private static volatile Field knownField;

    private IdleTimerBypass() {
    }

    /** Wraps the session's idle-timer scheduler; false where the session is not a Tyrus one. */
    static boolean apply(Object session) {
        Field field = schedulerField(session.getClass());
        if (field == null) {
            return false;
        }
        try {
            Object scheduler = field.get(session);
            if (scheduler instanceof ScheduledExecutorService managed && !(scheduler instanceof SkipsImmediate)) {
                field.set(session, new SkipsImmediate(managed));
            }
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.log(Level.FINE, "idle timer of " + session.getClass().getName() + " left as it is", e);
            return false;
        }
    }

    private static Field schedulerField(Class<?> type) {
        if (type == knownClass) {
            return knownField;
        }
        Field found = null;
        try {
            Field field = type.getDeclaredField(FIELD);
            if (field.getType() == ScheduledExecutorService.class) {
                field.setAccessible(true);
                found = field;
            }
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.log(Level.FINE, type.getName() + " has no Tyrus idle-timer scheduler", e);
        }
        Field result = found;
        LOG.info(() -> result != null
                ? "WebSocket sessions are " + type.getName() + ": idle-timer re-arms without a timeout skip the container's scheduler"
                : "WebSocket sessions are " + type.getName() + ": sent as they are");
        knownField = found;
        knownClass = type;
        return found;
    }

    /** The container's scheduler, minus the tasks due at once that a 0 idle timeout schedules on every frame. */
    static final class SkipsImmediate extends AbstractExecutorService implements ScheduledExecutorService {

        private final ScheduledExecutorService container;

        SkipsImmediate(ScheduledExecutorService container) {
            this.container = container;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return delay <= 0 ? Finished.INSTANCE : container.schedule(command, delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return container.schedule(callable, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return container.scheduleAtFixedRate(command, initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return container.scheduleWithFixedDelay(command, initialDelay, delay, unit);
        }

        @Override
        public void execute(Runnable command) {
            container.execute(command);
        }

        /** The container owns its scheduler: a session never shuts it down. */
        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return container.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return container.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return container.awaitTermination(timeout, unit);
        }
    }

    /** A re-arm that had nothing to arm: done, never cancelled. */
    private static final class Finished implements ScheduledFuture<Object> {

        static final Finished INSTANCE = new Finished();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
