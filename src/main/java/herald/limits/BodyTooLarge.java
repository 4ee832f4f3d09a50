package herald.limits;

/** A request body beyond its limit; each door answers it with its own 413. */
public class BodyTooLarge extends RuntimeException {

    private final long limit;

    public BodyTooLarge(long limit) {
        super("body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
