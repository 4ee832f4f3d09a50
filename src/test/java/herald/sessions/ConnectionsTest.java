package herald.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.access.TestCallers;
import herald.broker.Broker;
import herald.log.boundary.Batches;
import herald.log.control.EventLog;
import herald.log.entity.Topic;
import herald.metrics.HeraldMetrics;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry of open connections without a container: fake sessions that record how they were closed, the
 * real broker, a log whose topics are all new. Ids: sessions' package-info, and [NT-DROP] of the Notifier's.
 */
class ConnectionsTest {

    final Connections connections = new Connections();
    final ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1);
    /** Runs while a follow reads the topic's head: where a close can arrive in the middle of a subscribe. */
    Consumer<String> duringHeadRead = topic -> { };

    ConnectionsTest() {
        connections.broker = new Broker();
        connections.log = new EventLog() {
            @Override
            public Optional<Topic> topic(String audience, String topic) {
                duringHeadRead.accept(topic);
                return Optional.empty(); // a topic nobody wrote yet: head 0
            }
        };
        connections.metrics = new HeraldMetrics();
        connections.maxConnections = 4;
        connections.maxConnectionsPerUser = 2;
        connections.maxQueuedBytes = 1 << 20;
        connections.heartbeatSeconds = 3600;
        connections.threads = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable task) {
                Thread thread = new Thread(task);
                thread.setDaemon(true);
                return thread;
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
        connections.scheduler = managed(scheduler);
        connections.start();
    }

    @AfterEach
    void stop() {
        connections.goAway();
        scheduler.shutdownNow();
    }

    @Test
    void aUsersConnectionsPastItsLimitAreClosed1013AndNotCounted() { // [WS-GATE]
        FakeSession first = admitted("acme", "alice", "courier");
        admitted("acme", "alice", "notifier");
        FakeSession third = new FakeSession();
        assertTrue(connections.admit(third.session, TestCallers.of("acme", "alice"), "courier", false).isEmpty());
        assertEquals("1013 too busy", third.closedWith);
        assertEquals(2, connections.count());
        connections.closed(first.session);
        admitted("acme", "alice", "courier"); // a closed connection frees its place
        admitted("other", "alice", "courier"); // another audience's alice is another user
    }

    @Test
    void theServerLimitCountsTheConnectionsOfEveryDoorAndUser() { // [WS-GATE]
        admitted("acme", "a", "courier");
        admitted("acme", "b", "notifier");
        admitted("acme", "c", "courier");
        admitted("acme", "d", "notifier");
        FakeSession fifth = new FakeSession();
        assertTrue(connections.admit(fifth.session, TestCallers.of("acme", "e"), "courier", false).isEmpty());
        assertEquals("1013 too busy", fifth.closedWith);
        assertEquals(4, connections.count());
    }

    @Test
    void droppingAUserClosesItsConnectionsOfBothDoorsAndNoOneElses() { // [NT-DROP]
        FakeSession courier = admitted("acme", "alice", "courier");
        FakeSession watcher = admitted("acme", "connector-1", "notifier");
        Connection watching = connections.of(watcher.session).orElseThrow();
        assertTrue(connections.identify(watching, "alice"), "a connector's socket announced alice");
        FakeSession bob = admitted("acme", "bob", "courier");
        FakeSession elsewhere = admitted("other", "alice", "courier");

        assertEquals(2, connections.drop("acme", "alice"));
        assertEquals("1000 close", courier.closedWith);
        assertEquals("1000 close", watcher.closedWith);
        assertEquals(null, bob.closedWith);
        assertEquals(null, elsewhere.closedWith);
    }

    @Test
    void aClosedConnectionLeavesNoSubscriptionAndNoUserEntry() { // [WS-CLEAN]
        FakeSession alice = admitted("acme", "alice", "courier");
        Connection connection = connections.of(alice.session).orElseThrow();
        connections.follow(connection, "orders", TopicFeedTest.SEQS, null, event -> true);
        connections.follow(connection, "invoices", TopicFeedTest.SEQS, null, event -> true);
        assertEquals(2, connections.broker.subscriptions());

        connections.closed(alice.session);
        assertEquals(0, connections.broker.subscriptions());
        assertEquals(0, connections.count());
        assertEquals(0, connections.drop("acme", "alice"), "nothing left to drop");
    }

    @Test
    void aConnectionClosingWhileItSubscribesKeepsNoSubscription() { // [WS-CLEAN] issue 10 item 7
        FakeSession alice = admitted("acme", "alice", "courier");
        Connection connection = connections.of(alice.session).orElseThrow();
        duringHeadRead = topic -> connections.closed(alice.session); // the close overtakes the subscribe
        connections.follow(connection, "orders", TopicFeedTest.SEQS, null, event -> true);
        assertEquals(0, connections.broker.subscriptions());
        assertTrue(connection.feeds().isEmpty());
    }

    @Test
    void aLiveSubscribeToATopicLiveHereStartsAtItsChannelWithoutReadingTheLog() { // [WS-CLEAN] issue 10 item 6
        List<String> headsRead = new ArrayList<>();
        duringHeadRead = headsRead::add;
        Connection first = connections.of(admitted("acme", "alice", "courier").session).orElseThrow();
        assertEquals(0, connections.follow(first, "orders", TopicFeedTest.SEQS, null, event -> true));
        assertEquals(List.of("orders"), headsRead, "the first subscriber starts the channel from the log's head");
        connections.broker.deliver(Batches.of("acme", "orders", 1, 3));

        Connection second = connections.of(admitted("acme", "bob", "courier").session).orElseThrow();
        assertEquals(3, connections.follow(second, "orders", TopicFeedTest.SEQS, null, event -> true),
                "the channel's position is the head a live subscriber is acked with");
        assertEquals(List.of("orders"), headsRead, "no second head read");
        assertEquals(2, connections.broker.subscriptions());
    }

    @Test
    void aSubscribeHandledAfterTheCloseKeepsNoSubscription() { // [WS-CLEAN] the frame was read before the close
        FakeSession alice = admitted("acme", "alice", "courier");
        Connection connection = connections.of(alice.session).orElseThrow();
        connections.closed(alice.session);
        connections.follow(connection, "orders", TopicFeedTest.SEQS, null, event -> true);
        assertEquals(0, connections.broker.subscriptions());
        assertTrue(connection.feeds().isEmpty());
    }

    @Test
    void aUserAnnouncedAfterTheCloseIsNotRegistered() { // [WS-CLEAN]
        FakeSession watcher = admitted("acme", "connector-1", "notifier");
        Connection connection = connections.of(watcher.session).orElseThrow();
        connections.closed(watcher.session);
        assertFalse(connections.identify(connection, "alice"));
        assertEquals(0, connections.drop("acme", "alice"));
        admitted("acme", "alice", "courier");
        admitted("acme", "alice", "courier"); // alice's two places are both free
    }

    @Test
    void aSocketFailureIsLoggedWithItsConnectionAndCauseClassesButNeverItsMessage() { // issue 12
        FakeSession alice = admitted("acme", "alice", "courier");
        List<LogRecord> records = new ArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(Connections.class.getName());
        logger.addHandler(recorder);
        try {
            connections.failed(alice.session, "courier", new IllegalStateException("frame {\"token\":\"s3cret\"}",
                    new IOException("reset by s3cret")));
        } finally {
            logger.removeHandler(recorder);
        }
        LogRecord warning = records.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst().orElseThrow();
        String id = connections.of(alice.session).orElseThrow().id();
        assertEquals("courier connection " + id + " failed: java.lang.IllegalStateException <- java.io.IOException",
                warning.getMessage());
        assertTrue(records.stream().filter(r -> r.getLevel().intValue() > Level.FINE.intValue())
                .noneMatch(r -> r.getThrown() != null), "no stack trace above FINE");
    }

    private FakeSession admitted(String audience, String subject, String door) {
        FakeSession session = new FakeSession();
        assertTrue(connections.admit(session.session, TestCallers.of(audience, subject), door, false).isPresent(),
                subject + " of " + audience + " admitted");
        return session;
    }

    /** A session that is open until closed, and remembers the first close code and reason. */
    static final class FakeSession {
        private static final AtomicInteger IDS = new AtomicInteger();
        final String id = "s" + IDS.incrementAndGet();
        final RecordingRemote remote = new RecordingRemote();
        volatile String closedWith;
        final Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "isOpen" -> closedWith == null;
                    case "getAsyncRemote" -> remote;
                    case "close" -> {
                        CloseReason reason = arguments == null ? null : (CloseReason) arguments[0];
                        if (closedWith == null) {
                            closedWith = reason == null ? "1000" : reason.getCloseCode().getCode() + " " + reason.getReasonPhrase();
                        }
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    case "toString" -> "FakeSession " + id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The container's scheduler interface over a plain one: what Connections uses of it are its plain methods. */
    private static ManagedScheduledExecutorService managed(ScheduledExecutorService plain) {
        return (ManagedScheduledExecutorService) Proxy.newProxyInstance(ManagedScheduledExecutorService.class.getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class}, (proxy, method, arguments) -> {
                    try {
                        return ScheduledExecutorService.class.getMethod(method.getName(), method.getParameterTypes())
                                .invoke(plain, arguments);
                    } catch (NoSuchMethodException notPlain) {
                        throw new UnsupportedOperationException(method.getName());
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

}
