/**
 * Periodic clean-up of the database: forgotten ticket redemptions and, when {@code herald.retention.days} is
 * set, old events.
 *
 * <p>Retention rule [HK-RETENTION]: an event older than the retention period is deleted unless a consumer
 * with a live offset has not acknowledged it yet: an Eventserver consumer (per event name) or a durable
 * WebSocket consumer (per topic seq, herald.v1 {@code consumer}). An offset is live while it was written
 * within the retention period (an Eventserver ack; a durable consumer's subscribe or ack); a consumer that stopped acknowledging for longer no longer holds events back. Topics,
 * their heads and name counters are kept, so seq numbers are never reused after a purge.
 */
package herald.housekeeping;
