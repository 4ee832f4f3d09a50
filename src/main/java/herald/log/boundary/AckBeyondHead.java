package herald.log.boundary;

/** An ack of a seq the topic has not reached: refused, nothing stored. */
public class AckBeyondHead extends RuntimeException {

    public AckBeyondHead(long seq, long head) {
        super("seq " + seq + " is beyond the topic's head " + head);
    }
}
