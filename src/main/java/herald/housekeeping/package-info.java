/**
 * Periodic clean-up of the database: forgotten ticket redemptions and, when {@code herald.retention.days} is
 * set, old events.
 *
 * <p>Retention rule [HK-RETENTION]: an event older than the retention period is deleted unless an Eventserver
 * consumer with a live offset has not acknowledged it yet. An offset is live while it was moved within the
 * retention period; a consumer that stopped acknowledging for longer no longer holds events back. Topics,
 * their heads and name counters are kept, so seq numbers are never reused after a purge.
 */
package herald.housekeeping;
