package herald.log.boundary;

/**
 * Refuses an ack because the node's queue of acks waiting to be stored is full: clients ack faster than
 * PostgreSQL stores them right now. Nothing was stored; the client may ack again after a moment (acks are
 * cumulative, so the next one covers this one).
 */
public final class AckQueueFull extends RuntimeException {

    public AckQueueFull(int limit) {
        super("More than " + limit + " acks are waiting to be stored on this node; retry in a moment", null, false, false);
    }
}
