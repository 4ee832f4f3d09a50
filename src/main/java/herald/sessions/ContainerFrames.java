package herald.sessions;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Frames sent through the Jakarta WebSocket API: the container encodes each message for each connection.
 * Where the container batches ({@link RemoteEndpoint#setBatchingAllowed}: Undertow queues the frames and
 * writes them with one gathering write at {@link RemoteEndpoint#flushBatch}), several frames go out in one
 * write; batching is allowed only while those frames are handed over, so the container's own frames (pongs,
 * the close) are never held back waiting for a flush.
 */
final class ContainerFrames implements FrameWriter {

    private static final Logger LOG = Logger.getLogger(ContainerFrames.class.getName());

    private final RemoteEndpoint.Async remote;
    private final boolean batches;

    ContainerFrames(RemoteEndpoint.Async remote) {
        this.remote = remote;
        this.batches = batches(remote);
    }

    @Override
    public boolean sendsEncoded() {
        return false;
    }

    @Override
    public int framesPerWrite() {
        return batches ? FRAMES_PER_WRITE : 1;
    }

    @Override
    public void send(List<OutgoingText> frames, SendHandler done) throws IOException {
        if (frames.size() == 1) {
            remote.sendText(frames.get(0).text(), done);
            return;
        }
        SendHandler each = new AllSent(frames.size(), done);
        remote.setBatchingAllowed(true);
        try {
            for (OutgoingText frame : frames) {
                remote.sendText(frame.text(), each);
            }
        } finally {
            remote.setBatchingAllowed(false);
            remote.flushBatch();
        }
    }

    @Override
    public void sendPing() throws IOException {
        remote.sendPing(ByteBuffer.allocate(0));
    }

    /** Whether the container really batches: a container without batching keeps answering false. */
    private static boolean batches(RemoteEndpoint.Async remote) {
        try {
            remote.setBatchingAllowed(true);
            boolean allowed = remote.getBatchingAllowed();
            remote.setBatchingAllowed(false);
            return allowed;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "no batching on " + remote.getClass().getName(), e);
            return false;
        }
    }

    /** One completion for a batch: when every frame is out, or at the first failure (once). */
    private static final class AllSent implements SendHandler {

        private final AtomicInteger left;
        private final SendHandler done;

        AllSent(int frames, SendHandler done) {
            this.left = new AtomicInteger(frames);
            this.done = done;
        }

        @Override
        public void onResult(SendResult result) {
            if (result.isOK() ? left.decrementAndGet() == 0 : left.getAndSet(-1) > 0) {
                done.onResult(result);
            }
        }
    }
}
