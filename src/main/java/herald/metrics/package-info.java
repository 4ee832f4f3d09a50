/**
 * Herald's metrics, registered with MicroProfile Metrics (application scope) and served by the server in
 * Prometheus text under {@code /metrics}. Labels are limited to the door a connection belongs to: never a
 * topic, an audience or a user, so the number of series stays fixed however Herald is used. Where the server
 * offers no metrics registry, recording is a no-op.
 */
package herald.metrics;
