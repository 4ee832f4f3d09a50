package herald.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** STACK.md 14: a 0 idle timeout re-armed on every frame schedules nothing; real timeouts still fire. */
class IdleTimerBypassTest {

    /** Shaped like Tyrus's session where it matters: a private scheduler named {@code service}. */
    static final class TyrusLikeSession {
        private ScheduledExecutorService service;

        ScheduledFuture<?> rearm(long timeoutMillis, Runnable command) {
            return service.schedule(command, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    final ScheduledExecutorService container = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        container.shutdownNow();
    }

    @Test
    void reArmsWithoutATimeoutNoLongerReachTheContainersScheduler() throws Exception {
        TyrusLikeSession session = new TyrusLikeSession();
        session.service = container;
        assertTrue(IdleTimerBypass.apply(session));
        assertTrue(IdleTimerBypass.apply(session), "applying twice wraps once");
        assertInstanceOf(IdleTimerBypass.SkipsImmediate.class, session.service);

        AtomicInteger ran = new AtomicInteger();
        ScheduledFuture<?> rearm = session.rearm(0, ran::incrementAndGet);
        assertTrue(rearm.isDone());
        assertFalse(rearm.cancel(false), "cancelling a finished re-arm is a no-op, as Tyrus does before each one");

        ScheduledFuture<?> timeout = session.rearm(10, ran::incrementAndGet);
        timeout.get(5, TimeUnit.SECONDS);
        assertEquals(1, ran.get(), "only the real timeout ran, on the container's scheduler");
        assertFalse(session.service.isShutdown());
    }

    @Test
    void sessionsOfOtherContainersAreLeftAsTheyAre() {
        assertFalse(IdleTimerBypass.apply(new Object()));
    }
}
