package herald.cluster;

import herald.broker.Broker;
import herald.log.boundary.Appended;
import herald.log.control.CommitNotice;
import herald.log.control.EventLog;
import herald.log.control.RangeReads;
import herald.log.control.RangeReads.SeqRange;
import herald.log.control.TopicAddress;
import herald.log.entity.Event;
import herald.metrics.HeraldMetrics;
import herald.sessions.Dropped;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Brings other nodes' commits to this node's broker (DESIGN.md decision 6), and their user drops to this
 * node's connections. One pooled connection LISTENs; commit notices of topics someone here follows are
 * coalesced per topic and their events read from the log, so a notice can only ever announce committed
 * events. Topics left waiting for a seq (a notice lost while the listener reconnected) are repaired from the
 * log as well.
 */
@Singleton
@Startup
@DependsOn("Schema")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN) // listening and reading need no transaction
public class ClusterRelay {

    static final int POLL_MILLIS = 500;
    static final Duration GAP_AGE = Duration.ofSeconds(1);
    static final int TOPICS_PER_READ = 500;
    static final int EVENTS_PER_TOPIC = 1000;
    static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);
    /** Longer than a poll, a gap repair and a reconnect pause: what the listener needs to notice the stop. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(ClusterRelay.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    DataSource database;

    @Inject
    EventLog log;

    @Inject
    RangeReads reads;

    @Inject
    Broker broker;

    @Inject
    jakarta.enterprise.event.Event<Dropped> drops;

    @Inject
    HeraldMetrics metrics;

    private final Map<Long, TopicAddress> addresses = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Future<?> listener;

    @PostConstruct
    void start() {
        listener = executor.submit(this::listen);
    }

    /**
     * Waits for the listener to UNLISTEN and hand its connection back: a connection still held when the server
     * then closes the pool is destroyed while in use (WildFly logs IJ000615 for it at shutdown).
     */
    @PreDestroy
    void stop() {
        running = false;
        try {
            listener.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.fine("cluster relay stopped");
        } catch (TimeoutException e) {
            LOG.warning("cluster relay did not stop within " + STOP_WAIT.toSeconds() + " s; interrupting it");
            listener.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.cancel(true);
        } catch (ExecutionException | CancellationException e) {
            LOG.log(Level.WARNING, "cluster relay ended with a failure", e);
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = database.getConnection()) {
                connection.setAutoCommit(true);
                follow(connection);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "cluster relay lost its connection; reconnecting", e);
                    pause();
                } else { // e.g. the broker, stopped first, refusing calls while the application goes down
                    LOG.log(Level.FINE, "cluster relay interrupted by the stop", e);
                }
            }
        }
    }

    /**
     * Listens on the connection until the relay stops or the connection fails. Whatever ends it, the
     * connection stops listening before it goes back to the pool: a pooled connection still LISTENing would
     * collect every notice of the cluster for whoever borrows it next.
     */
    private void follow(Connection connection) throws SQLException {
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + CommitNotice.CHANNEL);
            listen.execute("LISTEN " + DropNotice.CHANNEL);
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        try {
            while (running) {
                relay(notifications.getNotifications(POLL_MILLIS));
                repairGaps();
            }
        } finally {
            try (Statement unlisten = connection.createStatement()) {
                unlisten.execute("UNLISTEN *");
            }
        }
    }

    private void relay(PGNotification[] notifications) {
        if (notifications == null || notifications.length == 0) {
            return;
        }
        Map<Long, SeqRange> announced = new LinkedHashMap<>(); // a burst of notices costs one read for all its topics
        for (PGNotification notification : notifications) {
            if (notification.getName().equals(DropNotice.CHANNEL)) {
                DropNotice drop = DropNotice.parse(notification.getParameter());
                if (drop != null && !drop.fromThisNode()) {
                    drops.fire(new Dropped(drop.audience(), drop.user()));
                }
                continue;
            }
            CommitNotice notice = CommitNotice.parse(notification.getParameter());
            if (notice != null && !notice.fromThisNode()) {
                announced.merge(notice.topicId(), new SeqRange(notice.topicId(), notice.firstSeq() - 1, notice.lastSeq()),
                        (a, b) -> new SeqRange(a.topicId(), Math.min(a.afterSeq(), b.afterSeq()), Math.max(a.lastSeq(), b.lastSeq())));
            }
        }
        Map<Long, TopicAddress> followed = followed(announced.keySet());
        announced.keySet().retainAll(followed.keySet());
        deliver(announced.values(), followed);
    }

    private void repairGaps() {
        for (Broker.Gap gap : broker.gaps(GAP_AGE)) {
            log.topic(gap.audience(), gap.topic()).ifPresent(topic -> {
                metrics.gapRepaired();
                deliver(List.of(new SeqRange(topic.id(), gap.fromSeq() - 1, gap.toSeq())),
                        Map.of(topic.id(), new TopicAddress(gap.audience(), gap.topic())));
            });
        }
    }

    /**
     * Reads the ranges from the log, {@value #TOPICS_PER_READ} topics to a statement, and hands each topic's
     * events to the broker, which drops what it has seen. A topic with more than {@value #EVENTS_PER_TOPIC}
     * events announced is read again from where its last read ended.
     */
    private void deliver(Collection<SeqRange> ranges, Map<Long, TopicAddress> addresses) {
        List<SeqRange> pending = new ArrayList<>(ranges);
        while (!pending.isEmpty()) {
            List<SeqRange> more = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += TOPICS_PER_READ) {
                List<SeqRange> chunk = pending.subList(from, Math.min(pending.size(), from + TOPICS_PER_READ));
                Map<Long, List<Event>> read = reads.read(chunk, EVENTS_PER_TOPIC).stream()
                        .collect(Collectors.groupingBy(Event::topicId));
                for (SeqRange range : chunk) {
                    List<Event> events = read.get(range.topicId());
                    if (events == null) {
                        continue; // purged meanwhile
                    }
                    metrics.relayed(events.get(0).createdAt()); // the longest any event of the read waited
                    TopicAddress address = addresses.get(range.topicId());
                    Appended batch = new Appended(address.audience(), range.topicId(), address.topic(), events);
                    batch.markCommitted();
                    broker.deliver(batch);
                    if (events.size() == EVENTS_PER_TOPIC && batch.lastSeq() < range.lastSeq()) {
                        more.add(new SeqRange(range.topicId(), batch.lastSeq(), range.lastSeq()));
                    }
                }
            }
            pending = more;
        }
    }

    /**
     * The addresses of the topics someone on this node follows. Only those are remembered (a topic never
     * moves): remembering every topic announced would grow the heap with every topic the cluster ever wrote.
     */
    private Map<Long, TopicAddress> followed(Collection<Long> topicIds) {
        Map<Long, TopicAddress> found = new HashMap<>();
        List<Long> unknown = new ArrayList<>();
        for (Long topicId : topicIds) {
            TopicAddress known = addresses.get(topicId);
            if (known == null) {
                unknown.add(topicId);
            } else {
                found.put(topicId, known);
            }
        }
        found.putAll(reads.addresses(unknown));
        found.values().removeIf(address -> !broker.isFollowed(address.audience(), address.topic()));
        addresses.putAll(found);
        return found;
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
