/**
 * Live fan-out of committed events to whoever is connected on this node.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[BROKER-COMMITTED] Only committed events are delivered: the broker hears of an append after its
 *       transaction succeeded, never before and never for a rollback.</li>
 *   <li>[BROKER-ORDER] Each subscriber receives a topic's events in seq order, with no gap and no duplicate,
 *       even when commits of one topic are announced by several threads (or nodes) out of order.</li>
 *   <li>[BROKER-START] A subscriber receives every event after the head it started from, however early in a
 *       topic's life it joined and whatever this node delivered of the topic before: a new channel begins
 *       after the lowest head of the subscribers that joined while it started, never at the first batch it
 *       happens to see, and never at a position left over from earlier subscribers. A subscriber joining a
 *       channel that has started needs no head: it starts at the channel's position and receives every batch
 *       released after it.</li>
 *   <li>[BROKER-MEMORY] Only topics with a subscriber on this node hold memory; the last subscriber leaving
 *       releases its topic's channel.</li>
 *   <li>[BROKER-ISOLATION] A subscriber hears only the topics it subscribed to, in its own audience.</li>
 * </ul>
 * Out of scope: anything a subscriber missed while not subscribed, which it reads from the log; sockets,
 * which live in {@code herald.sessions} behind {@link herald.broker.Subscriber}.
 */
package herald.broker;
