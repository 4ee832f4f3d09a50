package herald.sessions;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * A client end of a WebSocket for unit tests: records every text frame sent and completes each send at once,
 * as a container does when the socket buffer has room.
 */
final class RecordingRemote implements RemoteEndpoint.Async {

    final List<String> frames = new ArrayList<>();
    /** The frames of each write to the socket: one per send, or one per flushed batch. */
    final List<List<String>> writes = new ArrayList<>();
    /** Whether this container batches ({@link #setBatchingAllowed}), as Undertow does; Tyrus does not. */
    boolean batches;
    private boolean batchingAllowed;
    private final List<String> batch = new ArrayList<>();
    private final List<SendHandler> batchHandlers = new ArrayList<>();
    /** The context class loader each send started with. */
    final List<ClassLoader> sendLoaders = new ArrayList<>();
    /** Completions held back while false, as when the client reads slower than the server writes. */
    volatile boolean completing = true;
    private final List<SendHandler> pending = new ArrayList<>();
    int pings;

    /** An outbox on this remote whose sends start on the offering thread. */
    Outbox outbox(long maxQueuedBytes, boolean batchEvents) {
        return outbox(maxQueuedBytes, batchEvents, () -> { });
    }

    Outbox outbox(long maxQueuedBytes, boolean batchEvents, Runnable onOverflow) {
        return new Outbox(new ContainerFrames(this), maxQueuedBytes, batchEvents, onOverflow, (events, nanos) -> { }, Runnable::run);
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        boolean now;
        synchronized (this) {
            frames.add(text);
            sendLoaders.add(Thread.currentThread().getContextClassLoader());
            if (batchingAllowed) {
                batch.add(text);
                batchHandlers.add(handler);
                return;
            }
            writes.add(List.of(text));
            now = completing;
            if (!now) {
                pending.add(handler);
            }
        }
        if (now) {
            handler.onResult(new SendResult());
        }
    }

    /** Frames sent so far, read safely from any thread. */
    synchronized int sent() {
        return frames.size();
    }

    /** Completes the sends held back, and every later one at once. */
    void completeAll() {
        completing = true;
        completePending();
    }

    /** Fails the oldest send held back, as when the client's connection breaks mid-write. */
    void failOldest() {
        SendHandler oldest;
        synchronized (this) {
            oldest = pending.remove(0);
        }
        oldest.onResult(new SendResult(new java.io.IOException("connection reset by peer")));
    }

    /** Completes the sends held back so far, as a client reading at its own pace; later ones wait again. */
    void completePending() {
        while (true) {
            SendHandler next;
            synchronized (this) {
                if (pending.isEmpty()) {
                    return;
                }
                next = pending.remove(0);
            }
            next.onResult(new SendResult());
        }
    }

    @Override
    public void sendPing(ByteBuffer data) {
        pings++;
    }

    @Override
    public long getSendTimeout() {
        return 0;
    }

    @Override
    public void setSendTimeout(long timeout) {
    }

    @Override
    public Future<Void> sendText(String text) {
        throw new UnsupportedOperationException("Herald sends with a completion handler");
    }

    @Override
    public Future<Void> sendBinary(ByteBuffer data) {
        throw new UnsupportedOperationException("Herald sends text");
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        throw new UnsupportedOperationException("Herald sends text");
    }

    @Override
    public Future<Void> sendObject(Object data) {
        throw new UnsupportedOperationException("Herald sends text");
    }

    @Override
    public void sendObject(Object data, SendHandler handler) {
        throw new UnsupportedOperationException("Herald sends text");
    }

    @Override
    public synchronized void setBatchingAllowed(boolean allowed) {
        batchingAllowed = batches && allowed;
    }

    @Override
    public synchronized boolean getBatchingAllowed() {
        return batchingAllowed;
    }

    /** Writes the batched frames as one write; their sends complete as one, like single sends. */
    @Override
    public void flushBatch() {
        List<SendHandler> handlers;
        boolean now;
        synchronized (this) {
            if (batch.isEmpty()) {
                return;
            }
            writes.add(List.copyOf(batch));
            batch.clear();
            handlers = List.copyOf(batchHandlers);
            batchHandlers.clear();
            now = completing;
            if (!now) {
                pending.addAll(handlers);
            }
        }
        if (now) {
            handlers.forEach(handler -> handler.onResult(new SendResult()));
        }
    }

    @Override
    public void sendPong(ByteBuffer data) {
    }

}
