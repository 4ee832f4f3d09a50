package herald.broker;

import herald.log.boundary.Appended;

/**
 * Whatever receives live events: a WebSocket session, a test probe, a relay. Transport-neutral, so the
 * broker never touches a socket.
 *
 * <p>Contract: {@link #deliver} is called with consecutive batches of one topic, in seq order, and must
 * return quickly without blocking (queue and send asynchronously); it is never called concurrently for
 * the same topic. An exception it throws is logged and does not affect other subscribers.
 */
public interface Subscriber {

    void deliver(Appended batch);
}
