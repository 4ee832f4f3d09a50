package herald.log.boundary;

/**
 * Refuses an append because the node's queue of appends waiting for a commit is full: PostgreSQL is slower
 * than the callers right now. Nothing was written; the caller may retry after a moment (HTTP 503 with
 * {@code Retry-After}).
 */
public final class AppendQueueFull extends RuntimeException {

    public AppendQueueFull(int limit) {
        super("More than " + limit + " events are waiting to be committed on this node; retry in a moment", null, false, false);
    }
}
