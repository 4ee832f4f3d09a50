package herald.sessions;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;

/**
 * How one connection's frames reach the wire: through the container's standard asynchronous API, or, where
 * the container allows it, as bytes encoded once for every connection ({@link OutgoingText#frame}).
 *
 * <p>Several frames may go out in one write: on loopback and on a busy server, the socket write, not the
 * framing, is what a delivery costs (two thirds of the server's CPU on WildFly in a profile of the Courier
 * fan-out: docs/performance.md), so a connection that has fallen a few frames behind catches up with one write of
 * all of them instead of one write each. Every frame stays a WebSocket message of its own.
 *
 * <p>Callers start at most one send at a time per connection and wait for its completion before the next
 * (the {@link Outbox} does); a completion may run on the starting thread, before the start returns.
 */
interface FrameWriter {

    /** The most frames one write carries where the container lets several go together. */
    int FRAMES_PER_WRITE = 64;

    /** Whether {@link #send} writes the encoded frames, so merged frames are best joined as bytes. */
    boolean sendsEncoded();

    /** The most frames one {@link #send} may carry: 1 where the container writes every frame on its own. */
    int framesPerWrite();

    /**
     * Sends {@code frames} in order, in one write where the container allows it; {@code done} is told once:
     * when all of them are out, or at the first that failed.
     */
    void send(List<OutgoingText> frames, SendHandler done) throws IOException;

    void sendPing() throws IOException;

    /** The fastest writer the session's container allows. */
    static FrameWriter of(Session session) {
        FrameWriter raw = TyrusFrames.of(session);
        return raw != null ? raw : new ContainerFrames(session.getAsyncRemote());
    }
}
