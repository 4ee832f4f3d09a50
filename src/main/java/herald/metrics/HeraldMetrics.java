package herald.metrics;

import herald.log.boundary.Appended;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/** The one place that knows metric names; the components call it with what happened. */
@ApplicationScoped
public class HeraldMetrics {

    @Inject
    Instance<MetricRegistry> registries;

    private MetricRegistry registry;
    private Counter appended;
    private Counter deliveries;
    private Counter slowConsumerCloses;
    private Counter replayed;
    private Counter acks;
    private Timer publishToCommit;
    private Timer commitToDeliver;
    private static final int LATENCY_SAMPLE = 64;
    private final AtomicLong deliveredFrames = new AtomicLong();

    @PostConstruct
    void register() {
        if (!registries.isResolvable()) {
            return;
        }
        registry = registries.get();
        appended = registry.counter(metadata("herald.events.appended", "Events committed to the log"));
        deliveries = registry.counter(metadata("herald.deliveries", "Events handed to WebSocket connections"));
        slowConsumerCloses = registry.counter(metadata("herald.slow.consumer.closes",
                "Connections closed because they fell behind"));
        replayed = registry.counter(metadata("herald.replayed.events", "Events replayed from the log to connections"));
        acks = registry.counter(metadata("herald.consumer.acks",
                "Acks of durable WebSocket consumers stored (backward ones included)"));
        publishToCommit = registry.timer(metadata("herald.publish.commit",
                "Time from accepting a publish to its commit, lock wait included"));
        commitToDeliver = registry.timer(metadata("herald.commit.deliver",
                "Time from a commit to its event leaving on a connection"));
    }

    /** Registers a gauge of open connections for one door. */
    public void connectionsGauge(String door, Supplier<Number> open) {
        if (registry != null) {
            registry.gauge(metadata("herald.connections", "Open WebSocket connections"), open, new Tag("door", door));
        }
    }

    /** Events durable consumers have not acked, summed over every consumer and topic: one series, no labels. */
    public void consumerLagGauge(Supplier<Number> lag) {
        if (registry != null) {
            registry.gauge(metadata("herald.consumer.lag",
                    "Events durable WebSocket consumers have not acknowledged yet, summed over all of them"), lag);
        }
    }

    public void subscriptionsGauge(Supplier<Number> subscriptions) {
        if (registry != null) {
            registry.gauge(metadata("herald.subscriptions", "Live topic subscriptions"), subscriptions);
        }
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Appended batch) {
        if (registry != null) {
            appended.inc(batch.events().size());
            if (batch.acceptedNanos() != 0) {
                publishToCommit.update(Duration.ofNanos(System.nanoTime() - batch.acceptedNanos()));
            }
        }
    }

    /**
     * Counts events that left on a connection in one frame. The commit-to-deliver timer takes one frame in
     * {@value #LATENCY_SAMPLE}: a timer's reservoir costs more than the send itself when every delivery of a
     * fan-out to thousands updates it, and a sample describes the distribution as well.
     */
    public void delivered(int events, long sinceCommitNanos) {
        if (registry != null) {
            deliveries.inc(events);
            if ((deliveredFrames.getAndIncrement() & (LATENCY_SAMPLE - 1)) == 0) {
                commitToDeliver.update(Duration.ofNanos(sinceCommitNanos));
            }
        }
    }

    /** Counts a WebSocket connection that failed with an error, per door. */
    public void socketFailed(String door) {
        if (registry != null) {
            registry.counter(metadata("herald.socket.failures", "WebSocket connections that failed with an error"),
                    new Tag("door", door)).inc();
        }
    }

    public void slowConsumerClosed() {
        if (registry != null) {
            slowConsumerCloses.inc();
        }
    }

    public void replayed(int events) {
        if (registry != null) {
            replayed.inc(events);
        }
    }

    /** Counts acks of durable consumers once they are stored. */
    public void acked(int stored) {
        if (registry != null && stored > 0) {
            acks.inc(stored);
        }
    }

    private static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(
                name.endsWith("commit") || name.endsWith("deliver") ? MetricUnits.NANOSECONDS : MetricUnits.NONE).build();
    }
}
