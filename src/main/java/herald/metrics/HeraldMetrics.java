package herald.metrics;

import herald.log.boundary.Appended;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The one place that knows metric names; the components call it with what happened. The series live in a
 * registry of the WAR's own, so every server exports the same ones ({@link MetricsEndpoint}). The JVM's series
 * (memory, GC, threads, CPU, uptime) are in it too: on Payara, Herald's {@code /metrics} takes the place of the
 * server's own.
 *
 * <p>{@code @Singleton}, not {@code @ApplicationScoped}: without a client proxy there is exactly one instance,
 * while a proxy's constructor would run the field initializers and build a second registry.
 */
@Singleton
public class HeraldMetrics {

    /** Commit-to-deliver is timed for one frame in this many. */
    private static final int LATENCY_SAMPLE = 64;
    /**
     * Bucket bounds of every latency histogram, 0.5 ms to 10 s. Fixed, so that the histograms of all nodes can be
     * summed into one quantile; few, so that a histogram stays a handful of series.
     */
    private static final Duration[] LATENCY_BUCKETS = LongStream.of(500, 1_000, 2_000, 5_000, 10_000, 25_000, 50_000,
            100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000)
            .mapToObj(micros -> Duration.ofNanos(micros * 1_000)).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter appended = counter("herald.events.appended", "Events committed to the log");
    private final Counter deliveries = counter("herald.deliveries", "Events handed to WebSocket connections");
    private final Counter slowConsumerCloses = counter("herald.slow.consumer.closes",
            "Connections closed because they fell behind");
    private final Counter replayed = counter("herald.replayed.events", "Events replayed from the log to connections");
    private final Counter acks = counter("herald.consumer.acks",
            "Acks of durable WebSocket consumers stored (backward ones included)");
    private final Counter gapRepairs = counter("herald.relay.gap.repairs",
            "Seq gaps of followed topics filled from the log because their commit notice never came");
    private final Timer publishToCommit = timer("herald.publish.commit",
            "Time from accepting a publish to its commit, lock wait included");
    private final Timer commitToDeliver = timer("herald.commit.deliver",
            "Time from a commit to its event leaving on a connection, one frame in " + LATENCY_SAMPLE);
    private final Timer relayLag = timer("herald.relay.lag",
            "Time from another node's commit (its database time) to this node reading the events");
    private final AtomicLong deliveredFrames = new AtomicLong();
    /** Listens to the JVM's GC notifications until closed. */
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public HeraldMetrics() {
        Stream.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ProcessorMetrics(), new UptimeMetrics())
                .forEach(binder -> binder.bindTo(registry));
    }

    /**
     * Registers a gauge of open connections for one door, and its failure counter at 0: a counter that appears
     * only with its first increment hides that increment from {@code rate()}.
     */
    public void connectionsGauge(String door, Supplier<Number> open) {
        gauge("herald.connections", "Open WebSocket connections", open).tag("door", door).register(registry);
        socketFailures(door);
    }

    /** Events durable consumers have not acked, summed over every consumer and topic: one series, no labels. */
    public void consumerLagGauge(Supplier<Number> lag) {
        gauge("herald.consumer.lag",
                "Events durable WebSocket consumers have not acknowledged yet, summed over all of them", lag).register(registry);
    }

    public void subscriptionsGauge(Supplier<Number> subscriptions) {
        gauge("herald.subscriptions", "Live topic subscriptions", subscriptions).register(registry);
    }

    /** Events waiting for the node's writer: queued, or in the group it is committing. */
    public void appendQueueGauge(Supplier<Number> events) {
        gauge("herald.append.queue.events", "Events waiting for this node's writer to commit them", events).register(registry);
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Appended batch) {
        appended.increment(batch.events().size());
        if (batch.acceptedNanos() != 0) {
            publishToCommit.record(System.nanoTime() - batch.acceptedNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Counts events that left on a connection in one frame. The commit-to-deliver timer takes one frame in
     * {@value #LATENCY_SAMPLE}: this runs once per frame and connection of a fan-out to thousands, where a
     * histogram update on every call would cost more than the send, and a sample describes the distribution as
     * well.
     */
    public void delivered(int events, long sinceCommitNanos) {
        deliveries.increment(events);
        if ((deliveredFrames.getAndIncrement() & (LATENCY_SAMPLE - 1)) == 0) {
            commitToDeliver.record(sinceCommitNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Times events another node committed, as this node reads them. Their creation time is the database's clock,
     * compared with this node's: a node whose clock runs behind the database's reads too little lag (never less
     * than none).
     */
    public void relayed(Instant createdAt) {
        Duration lag = Duration.between(createdAt, Instant.now());
        relayLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void gapRepaired() {
        gapRepairs.increment();
    }

    /** Counts a WebSocket connection that failed with an error, per door. */
    public void socketFailed(String door) {
        socketFailures(door).increment();
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    public void replayed(int events) {
        replayed.increment(events);
    }

    /** Counts acks of durable consumers once they are stored. */
    public void acked(int stored) {
        if (stored > 0) {
            acks.increment(stored);
        }
    }

    /** Every series in the Prometheus text format, version 0.0.4 ({@link MetricsEndpoint#CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    /** Lets go of the JVM's GC notifications, which would otherwise keep an undeployed Herald in memory. */
    @PreDestroy
    void close() {
        gc.close();
        registry.close();
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /** The door's counter, registered by the first call and found by the later ones. */
    private Counter socketFailures(String door) {
        return Counter.builder("herald.socket.failures").description("WebSocket connections that failed with an error")
                .tag("door", door).register(registry);
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    /** Held strongly: the registry would otherwise let go of a lambda nobody else references. */
    private static Gauge.Builder<Supplier<Number>> gauge(String name, String description, Supplier<Number> value) {
        return Gauge.builder(name, value).description(description).strongReference(true);
    }
}
