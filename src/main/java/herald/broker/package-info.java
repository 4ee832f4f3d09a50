/**
 * Live fan-out of committed events to whoever is connected on this node.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[BROKER-COMMITTED] Only committed events are delivered: the broker hears of an append after its
 *       transaction succeeded, never before and never for a rollback.</li>
 *   <li>[BROKER-ORDER] Each subscriber receives a topic's events in seq order, with no gap and no duplicate,
 *       even when commits of one topic are announced by several threads out of order.</li>
 *   <li>[BROKER-ISOLATION] A subscriber hears only the topics it subscribed to, in its own audience.</li>
 * </ul>
 * Out of scope: anything a subscriber missed while not subscribed, which it reads from the log; sockets,
 * which live in {@code herald.sessions} behind {@link herald.broker.Subscriber}.
 */
package herald.broker;
