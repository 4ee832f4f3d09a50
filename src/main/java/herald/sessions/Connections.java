package herald.sessions;

import herald.access.Caller;
import herald.broker.Broker;
import herald.broker.Subscription;
import herald.log.control.EventLog;
import herald.log.entity.Event;
import herald.log.entity.Topic;
import herald.metrics.HeraldMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The open WebSocket connections of this node, for both doors: admission against the connection limits,
 * topic feeds, heartbeats from one shared scheduler, dropping a user, and going away on shutdown.
 */
@ApplicationScoped
public class Connections {

    private static final Logger LOG = Logger.getLogger(Connections.class.getName());
    /** The doors with sockets; connection gauges exist for each from the start. */
    private static final List<String> DOORS = List.of("courier", "notifier");

    @Inject
    Broker broker;

    @Inject
    EventLog log;

    @Inject
    HeraldMetrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "herald.ws.max-connections", defaultValue = "100000")
    int maxConnections;

    @Inject
    @ConfigProperty(name = "herald.ws.max-connections-per-user", defaultValue = "100")
    int maxConnectionsPerUser;

    @Inject
    @ConfigProperty(name = "herald.ws.max-queue-bytes", defaultValue = "1048576")
    long maxQueuedBytes;

    @Inject
    @ConfigProperty(name = "herald.ws.heartbeat-seconds", defaultValue = "30")
    long heartbeatSeconds;

    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final Map<UserKey, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Map<String, AtomicInteger> perDoor = new ConcurrentHashMap<>();
    private ScheduledFuture<?> heartbeat;
    /**
     * Threads that start sends. Container-aware threads from the managed factory, pooled here: submitting each
     * send to a managed executor would capture the application context every time, which costs more than
     * the send.
     */
    private ExecutorService writers;

    @PostConstruct
    void start() {
        writers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), threads);
        for (String door : DOORS) {
            AtomicInteger open = perDoor.computeIfAbsent(door, key -> new AtomicInteger());
            metrics.connectionsGauge(door, open::get);
        }
        metrics.subscriptionsGauge(broker::subscriptions);
        heartbeat = scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    /** Created with the application, so that heartbeats run and gauges exist before the first connection. */
    void boot(@Observes @Initialized(ApplicationScoped.class) Object application) {
        LOG.fine(() -> "connection registry ready, heartbeat every " + heartbeatSeconds + " s");
    }

    /**
     * Admits a new connection, or closes it 1013 {@code too busy} when a limit is reached.
     *
     * @param batchEvents whether queued event frames may be merged into array frames (herald.v1)
     */
    public Optional<Connection> admit(Session session, Caller caller, String door, boolean batchEvents) {
        IdleTimerBypass.apply(session);
        Connection connection = new Connection(session, caller, door, maxQueuedBytes, batchEvents, metrics, writers);
        if (count.incrementAndGet() > maxConnections) {
            count.decrementAndGet();
            refuse(connection, "connection limit of the server reached");
            return Optional.empty();
        }
        if (caller.subject() != null && !register(connection, caller.subject(), maxConnectionsPerUser)) {
            count.decrementAndGet();
            refuse(connection, "connection limit of the user reached");
            return Optional.empty();
        }
        open.put(session.getId(), connection);
        perDoor.computeIfAbsent(door, key -> new AtomicInteger()).incrementAndGet();
        return Optional.of(connection);
    }

    /**
     * Records that the connection serves {@code user} too (a Notifier connection announcing an access id), so
     * that dropping that user closes it. Subject to the per-user limit: false (and the connection closed 1013)
     * when the user already has as many connections as allowed; false too when the connection closed meanwhile.
     */
    public boolean identify(Connection connection, String user) {
        if (connection.users().contains(user) || register(connection, user, maxConnectionsPerUser)) {
            if (connection.isForgotten()) {
                unregisterUsers(connection); // it closed meanwhile: undo the registration
                return false;
            }
            return true;
        }
        refuse(connection, "connection limit of the user reached");
        return false;
    }

    /** Runs {@code task} once after {@code delay} on the shared scheduler (announcement deadlines and the like). */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean register(Connection connection, String user, int limit) {
        UserKey key = new UserKey(connection.caller().audience(), user);
        Set<Connection> ofUser = byUser.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
        synchronized (ofUser) {
            if (ofUser.size() >= limit) {
                return false;
            }
            ofUser.add(connection);
            connection.users().add(user);
        }
        return true;
    }

    public Optional<Connection> of(Session session) {
        return Optional.ofNullable(open.get(session.getId()));
    }

    /**
     * Starts a feed of {@code topic} on the connection. With {@code afterSeq} it first replays every event
     * after that seq from the log; without, it is live after the topic's current head. Idempotent: an
     * existing feed is kept. A connection that closes meanwhile keeps no feed.
     *
     * @return the topic's head seq when the feed started
     */
    public long follow(Connection connection, String topic, Wire wire, Long afterSeq, Predicate<Event> filter) {
        TopicFeed feed = new TopicFeed(connection.outbox(), topic, wire, filter);
        if (connection.feeds().putIfAbsent(topic, feed) != null) {
            return head(connection, topic).map(Topic::lastSeq).orElse(0L);
        }
        Subscription subscription = broker.subscribe(connection.caller().audience(), topic, feed);
        feed.subscribed(subscription);
        try {
            OptionalLong live = afterSeq == null ? subscription.livePosition() : OptionalLong.empty();
            if (live.isPresent()) { // the topic is live here already: no round trip to the log on the way in
                feed.startLive(live.getAsLong());
                return live.getAsLong();
            }
            Optional<Topic> stored = head(connection, topic); // read after joining: nothing falls in between
            long head = stored.map(Topic::lastSeq).orElse(0L);
            subscription.startAfter(head);
            if (afterSeq == null) {
                feed.startLive(head);
            } else {
                metrics.replayed(feed.replay(log::read, stored.map(Topic::id).orElse(0L), afterSeq, connection::isOpen));
            }
            return head;
        } catch (RuntimeException e) {
            stopFeed(connection, feed);
            throw e;
        } finally {
            if (connection.isForgotten()) {
                stopFeed(connection, feed); // closed while subscribing: closed() may have run before we joined
            }
        }
    }

    /** Stops a feed; idempotent. Returns the topic's head seq. */
    public long unfollow(Connection connection, String topic) {
        TopicFeed feed = connection.feeds().get(topic);
        if (feed != null) {
            stopFeed(connection, feed);
        }
        return head(connection, topic).map(Topic::lastSeq).orElse(0L);
    }

    private static void stopFeed(Connection connection, TopicFeed feed) {
        connection.feeds().remove(feed.topic(), feed);
        feed.cancel();
    }

    /** Forgets a closed connection and everything it was subscribed to. */
    public void closed(Session session) {
        Connection connection = open.remove(session.getId());
        if (connection == null) {
            return;
        }
        connection.forget(); // before the feeds are walked: a follow() still under way then cleans up itself
        connection.outbox().close();
        count.decrementAndGet();
        perDoor.get(connection.door()).decrementAndGet();
        connection.feeds().values().forEach(feed -> stopFeed(connection, feed));
        unregisterUsers(connection);
    }

    private void unregisterUsers(Connection connection) {
        for (String user : connection.users()) {
            UserKey key = new UserKey(connection.caller().audience(), user);
            Set<Connection> ofUser = byUser.get(key);
            if (ofUser != null) {
                synchronized (ofUser) {
                    ofUser.remove(connection);
                    if (ofUser.isEmpty()) {
                        byUser.remove(key, ofUser);
                    }
                }
            }
        }
    }

    /**
     * A socket that failed with an error (issue 12): logged at WARNING with the connection's id and the class
     * of each cause, never a message (it may quote a frame or a token); the stack only at FINE. Counted.
     */
    public void failed(Session session, String door, Throwable failure) {
        String id = of(session).map(Connection::id).orElse("(not admitted)");
        StringBuilder causes = new StringBuilder();
        for (Throwable cause = failure; cause != null && causes.length() < 1_000; cause = cause.getCause()) {
            causes.append(causes.length() == 0 ? "" : " <- ").append(cause.getClass().getName());
        }
        LOG.warning(() -> door + " connection " + id + " failed: " + causes);
        LOG.log(Level.FINE, "stack of the failure of connection " + id, failure);
        metrics.socketFailed(door);
    }

    /** Closes every connection of a user in an audience, of both doors, with 1000 {@code close}. */
    public int drop(String audience, String user) {
        Set<Connection> ofUser = byUser.getOrDefault(new UserKey(audience, user), Set.of());
        Connection[] dropped;
        synchronized (ofUser) {
            dropped = ofUser.toArray(Connection[]::new);
        }
        for (Connection connection : dropped) {
            connection.close(CloseReason.CloseCodes.NORMAL_CLOSURE, "close");
        }
        return dropped.length;
    }

    void dropped(@Observes Dropped dropped) {
        drop(dropped.audience(), dropped.user());
    }

    /** Open connections on this node. */
    public int count() {
        return count.get();
    }

    @PreDestroy
    void goAway() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        open.values().forEach(connection -> connection.abort(CloseReason.CloseCodes.GOING_AWAY, "going away"));
        writers.shutdown();
    }

    private Optional<Topic> head(Connection connection, String topic) {
        return log.topic(connection.caller().audience(), topic);
    }

    private void heartbeat() {
        long silentLimit = TimeUnit.SECONDS.toNanos(2 * heartbeatSeconds);
        long now = System.nanoTime();
        for (Connection connection : open.values()) {
            if (now - connection.lastHeard() > silentLimit) {
                connection.abort(CloseReason.CloseCodes.GOING_AWAY, "heartbeat timeout");
            } else {
                connection.outbox().ping();
            }
        }
    }

    private static void refuse(Connection connection, String why) {
        LOG.fine(() -> "refused a connection: " + why);
        connection.close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too busy");
    }

    private record UserKey(String audience, String subject) {
    }
}
