/**
 * Herald's metrics: counters, gauges and latency histograms in a Micrometer registry inside the WAR, served by
 * {@link herald.metrics.MetricsEndpoint} in Prometheus text under {@code /metrics} with the same {@code herald_*}
 * series on every server (WildFly 38 has no MicroProfile Metrics). {@link herald.metrics.HeraldMetrics} is the
 * only class that knows their names; docs/grafana-dashboard.json is built on them.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[METRICS-LABELS] Herald labels a series with the door of a connection at most: never a topic, an audience or a
 *       user, so the number of series stays fixed however Herald is used (ObservabilityIT).</li>
 *   <li>[METRICS-NAMES] The exported series names are a contract with dashboards and alerts: HeraldMetricsTest
 *       lists them, ObservabilityIT finds them on every server, GrafanaDashboardTest uses no other.</li>
 *   <li>[METRICS-CHEAP] Per-frame recording is a counter increment; latency is timed for a sample of frames.</li>
 * </ul>
 * The JVM's series are in the same registry, as Micrometer names them. Out of scope: the servers' own series
 * (pools, listeners), which WildFly exports on its management port.
 */
package herald.metrics;
