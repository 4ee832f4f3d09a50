package herald.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.log.boundary.Appended;
import herald.log.entity.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The series Herald exports, by the names dashboards and alerts use [METRICS-NAMES], and what they count. */
public class HeraldMetricsTest {

    /** Herald's sample names: a rename breaks this list, the IT that scrapes each server, and the dashboard. */
    public static final Set<String> SERIES = new TreeSet<>(Stream.concat(
            Stream.of("herald_events_appended_total", "herald_deliveries_total", "herald_replayed_events_total",
                    "herald_slow_consumer_closes_total", "herald_socket_failures_total", "herald_consumer_acks_total",
                    "herald_relay_gap_repairs_total", "herald_connections", "herald_subscriptions", "herald_consumer_lag",
                    "herald_append_queue_events"),
            Stream.of("herald_publish_commit_seconds", "herald_commit_deliver_seconds", "herald_relay_lag_seconds")
                    .flatMap(histogram -> Stream.of("_bucket", "_count", "_sum", "_max").map(histogram::concat))).toList());

    /** Some of the JVM's series, which every server exports the same way too. */
    public static final Set<String> JVM_SERIES = Set.of("jvm_memory_used_bytes", "jvm_memory_max_bytes",
            "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds");

    final HeraldMetrics metrics = new HeraldMetrics();

    /** A registry as the running application fills it: every gauge registered by its owner at start-up. */
    static HeraldMetrics started(HeraldMetrics metrics) {
        metrics.connectionsGauge("courier", () -> 3);
        metrics.connectionsGauge("notifier", () -> 1);
        metrics.subscriptionsGauge(() -> 4);
        metrics.consumerLagGauge(() -> 5);
        metrics.appendQueueGauge(() -> 6);
        return metrics;
    }

    @Test
    void aStartedNodeExportsEverySeriesBeforeAnythingHappened() {
        String text = started(metrics).scrape();
        assertEquals(SERIES, PrometheusText.names(text, "herald_"));
        assertTrue(PrometheusText.names(text).containsAll(JVM_SERIES), "the JVM's series too");
    }

    @Test
    void gaugesReadTheirOwnersAndConnectionsAreLabelledByDoorOnly() {
        String text = started(metrics).scrape();
        assertEquals(3.0, value(text, "herald_connections{door=\"courier\"}"));
        assertEquals(1.0, value(text, "herald_connections{door=\"notifier\"}"));
        assertEquals(4.0, value(text, "herald_subscriptions"));
        assertEquals(5.0, value(text, "herald_consumer_lag"));
        assertEquals(6.0, value(text, "herald_append_queue_events"));
        assertEquals(0.0, value(text, "herald_socket_failures_total{door=\"notifier\"}"), "at 0 before the first failure");
    }

    @Test
    void countersCountEventsNotCalls() {
        started(metrics);
        metrics.committed(new Appended("a", 7, "orders", List.of(event(1), event(2), event(3))));
        metrics.replayed(4);
        metrics.acked(0);
        metrics.acked(2);
        metrics.slowConsumerClosed();
        metrics.socketFailed("courier");
        metrics.gapRepaired();
        String text = metrics.scrape();
        assertEquals(3.0, value(text, "herald_events_appended_total"));
        assertEquals(4.0, value(text, "herald_replayed_events_total"));
        assertEquals(2.0, value(text, "herald_consumer_acks_total"));
        assertEquals(1.0, value(text, "herald_slow_consumer_closes_total"));
        assertEquals(1.0, value(text, "herald_socket_failures_total{door=\"courier\"}"));
        assertEquals(0.0, value(text, "herald_socket_failures_total{door=\"notifier\"}"));
        assertEquals(1.0, value(text, "herald_relay_gap_repairs_total"));
    }

    @Test
    void everyDeliveryIsCountedAndOneFrameIn64IsTimed() {
        for (int frame = 0; frame < 128; frame++) {
            metrics.delivered(2, TimeUnit.MILLISECONDS.toNanos(3));
        }
        String text = metrics.scrape();
        assertEquals(256.0, value(text, "herald_deliveries_total"));
        assertEquals(2.0, value(text, "herald_commit_deliver_seconds_count"));
        assertEquals(0.006, value(text, "herald_commit_deliver_seconds_sum"), 1e-9);
        assertEquals(0.0, value(text, "herald_commit_deliver_seconds_bucket{le=\"0.002\"}"));
        assertEquals(2.0, value(text, "herald_commit_deliver_seconds_bucket{le=\"0.005\"}"), "buckets in seconds, cumulative");
    }

    @Test
    void relayLagIsTheAgeOfTheRelayedEventAndNeverNegative() {
        metrics.relayed(Instant.now().minus(Duration.ofSeconds(2)));
        metrics.relayed(Instant.now().plus(Duration.ofSeconds(5))); // this node's clock behind the database's
        String text = metrics.scrape();
        assertEquals(2.0, value(text, "herald_relay_lag_seconds_count"));
        double sum = value(text, "herald_relay_lag_seconds_sum");
        assertTrue(sum >= 2.0 && sum < 3.0, "the first one's 2 s and no less than nothing for the second: " + sum);
        assertEquals(1.0, value(text, "herald_relay_lag_seconds_bucket{le=\"1.0\"}"));
        assertEquals(2.0, value(text, "herald_relay_lag_seconds_bucket{le=\"2.5\"}"));
    }

    @AfterEach
    void close() {
        metrics.close();
    }

    private static double value(String text, String series) {
        return PrometheusText.value(text, series).orElseThrow(() -> new AssertionError(series + " not in\n" + text));
    }

    private static Event event(long seq) {
        return new Event(UUID.randomUUID(), 7, seq, "message", seq, null, "{}", null, 0, Instant.now());
    }
}
