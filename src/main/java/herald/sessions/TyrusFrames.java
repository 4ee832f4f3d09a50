package herald.sessions;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Frames written as ready bytes through Tyrus (Payara's WebSocket implementation): {@code TyrusWebSocket
 * .sendRawFrame}, the public method Tyrus's own broadcast uses, takes a complete frame and writes it as it is.
 * A text send through the standard API costs Tyrus, per connection, a UTF-8 encoding of the message, a frame
 * object, a new buffer with header and payload, and the session's idle-timer re-arm (STACK.md 14); with the
 * frame encoded once per message ({@link OutgoingText#frame}) a delivery costs one buffer wrap and the write,
 * and frames queued for one connection go out as one write of their bytes back to back.
 *
 * <p>The raw frame goes through the same lock and writer as Tyrus's own frames, so pings, pongs and the close
 * frame cannot interleave with it. On any other container, or a Tyrus without that method or whose futures
 * cannot call back, {@link #of} answers null and the standard API is used.
 */
final class TyrusFrames implements FrameWriter {

    private static final Logger LOG = Logger.getLogger(TyrusFrames.class.getName());
    private static final SendResult SENT = new SendResult();

    private static volatile Class<?> knownRemote;
    private static volatile Access knownAccess;

    private final Object webSocket;
    private final RemoteEndpoint.Async remote;
    private final MethodHandle sendRawFrame;

    private TyrusFrames(Object webSocket, RemoteEndpoint.Async remote, MethodHandle sendRawFrame) {
        this.webSocket = webSocket;
        this.remote = remote;
        this.sendRawFrame = sendRawFrame;
    }

    /** A raw-frame writer for a Tyrus session; null for any other. */
    static FrameWriter of(Session session) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        Access access = access(remote.getClass());
        if (access == null) {
            return null;
        }
        try {
            Object webSocket = access.webSocket().get(remote);
            return webSocket == null ? null : new TyrusFrames(webSocket, remote, access.sendRawFrame());
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.log(Level.FINE, "Tyrus socket of " + remote.getClass().getName() + " not reachable", e);
            return null;
        }
    }

    @Override
    public boolean sendsEncoded() {
        return true;
    }

    @Override
    public int framesPerWrite() {
        return FRAMES_PER_WRITE;
    }

    /** Several frames are one buffer of their bytes back to back: one write, each still a frame of its own. */
    @Override
    public void send(List<OutgoingText> frames, SendHandler done) throws IOException {
        Object written;
        try {
            written = (Object) sendRawFrame.invokeExact(webSocket, ByteBuffer.wrap(OutgoingText.frames(frames)));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
        ((CompletionStage<?>) written).whenComplete(
                (frame, failure) -> done.onResult(failure == null ? SENT : new SendResult(failure)));
    }

    @Override
    public void sendPing() throws IOException {
        remote.sendPing(ByteBuffer.allocate(0));
    }

    private static Access access(Class<?> remoteType) {
        if (remoteType == knownRemote) {
            return knownAccess;
        }
        Access found = null;
        try {
            Field field = declaredField(remoteType, "webSocket");
            if (field != null && field.getType().getName().equals("org.glassfish.tyrus.core.TyrusWebSocket")) {
                field.setAccessible(true);
                Method send = field.getType().getMethod("sendRawFrame", ByteBuffer.class);
                if (!completesWithCallback(field.getType())) {
                    throw new NoSuchMethodException("a sendRawFrame whose future calls back");
                }
                MethodHandle handle = MethodHandles.lookup().unreflect(send)
                        .asType(MethodType.methodType(Object.class, Object.class, ByteBuffer.class));
                found = new Access(field, handle);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, remoteType.getName() + " takes no raw frames", e);
        }
        Access result = found;
        LOG.info(() -> result != null
                ? "WebSocket frames are encoded once per message and written as bytes through " + remoteType.getName()
                : "WebSocket frames are sent through the standard API of " + remoteType.getName());
        knownAccess = found;
        knownRemote = remoteType;
        return found;
    }

    /**
     * Whether the raw send's future ({@code TyrusFuture}) is a {@link CompletionStage}: in the Tyrus of Payara 6.2025 it is
     * a {@code CompletableFuture}; older ones (Payara 6.2024) offer only a blocking {@code get()}, and
     * waiting for a write to a slow client is not something a sender may do.
     */
    private static boolean completesWithCallback(Class<?> webSocketType) throws ClassNotFoundException {
        Class<?> future = Class.forName("org.glassfish.tyrus.core.TyrusFuture", false, webSocketType.getClassLoader());
        return CompletionStage.class.isAssignableFrom(future);
    }

    private static Field declaredField(Class<?> type, String name) {
        for (Class<?> at = type; at != null; at = at.getSuperclass()) {
            for (Field field : at.getDeclaredFields()) {
                if (field.getName().equals(name)) {
                    return field;
                }
            }
        }
        return null;
    }

    private record Access(Field webSocket, MethodHandle sendRawFrame) {
    }
}
