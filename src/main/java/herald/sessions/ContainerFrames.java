package herald.sessions;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Frames sent through the Jakarta WebSocket API: the container encodes each message for each connection. */
final class ContainerFrames implements FrameWriter {

    private final RemoteEndpoint.Async remote;

    ContainerFrames(RemoteEndpoint.Async remote) {
        this.remote = remote;
    }

    @Override
    public boolean sendsEncoded() {
        return false;
    }

    @Override
    public void sendText(OutgoingText text, SendHandler done) {
        remote.sendText(text.text(), done);
    }

    @Override
    public void sendPing() throws IOException {
        remote.sendPing(ByteBuffer.allocate(0));
    }
}
