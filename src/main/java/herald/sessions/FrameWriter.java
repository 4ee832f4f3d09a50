package herald.sessions;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;

/**
 * How one connection's frames reach the wire: through the container's standard asynchronous API, or, where
 * the container allows it, as bytes encoded once for every connection ({@link OutgoingText#frame}).
 *
 * <p>Callers start at most one send at a time per connection and wait for its completion before the next
 * (the {@link Outbox} does); a completion may run on the starting thread, before the start returns.
 */
interface FrameWriter {

    /** Whether {@link #sendText} writes the encoded frame, so merged frames are best joined as bytes. */
    boolean sendsEncoded();

    void sendText(OutgoingText text, SendHandler done) throws IOException;

    void sendPing() throws IOException;

    /** The fastest writer the session's container allows. */
    static FrameWriter of(Session session) {
        FrameWriter raw = TyrusFrames.of(session);
        return raw != null ? raw : new ContainerFrames(session.getAsyncRemote());
    }
}
