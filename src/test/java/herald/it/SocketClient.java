package herald.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that records every text frame and the close it received. */
final class SocketClient implements WebSocket.Listener {

    static final Duration WAIT = Duration.ofSeconds(20);

    final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    volatile String closeReason;
    /** Why the connection failed, when it did (then the close code is 1006). */
    volatile Throwable failure;
    private final StringBuilder partial = new StringBuilder();
    private final boolean reading;
    /** Set once all demand was granted: asking for more then would overflow the JDK client's demand counter. */
    private volatile boolean unbounded;
    WebSocket socket;
    /** Where it connected, ticket included. */
    URI uri;

    private SocketClient(boolean reading) {
        this.reading = reading;
    }

    static SocketClient connect(HttpClient http, URI uri, String... subprotocols) {
        return connect(http, uri, true, null, subprotocols);
    }

    /**
     * @param reading false for a client that reads nothing until told to ({@link #readAll()}): a slow consumer
     */
    static SocketClient connect(HttpClient http, URI uri, boolean reading, String origin, String... subprotocols) {
        SocketClient client = new SocketClient(reading);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0]);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.uri = uri;
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    static SocketClient connectWithHeader(HttpClient http, URI uri, String header, String value) {
        SocketClient client = new SocketClient(true);
        client.uri = uri;
        client.socket = http.newWebSocketBuilder().connectTimeout(WAIT).header(header, value).buildAsync(uri, client).join();
        return client;
    }

    /** The HTTP status a refused upgrade answered with. */
    static int refusedStatus(HttpClient http, URI uri, String origin) {
        try {
            connect(http, uri, true, origin);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("upgrade to " + uri + " was accepted");
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        if (!unbounded) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    /**
     * A connection that ends in an error has ended without a close frame, which RFC 6455 calls 1006 (abnormal
     * closure). The JDK client reports a frame the server cut short that way, as a ProtocolException or even an
     * InternalError, depending on where the read stood; the error is kept for diagnosis.
     */
    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failure = error;
        closeCode.complete(1006);
    }

    /** Starts reading everything, for a client created not reading. */
    void readAll() {
        unbounded = true;
        socket.request(Long.MAX_VALUE);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    String next() throws InterruptedException {
        String frame = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(frame, "no frame within " + WAIT);
        return frame;
    }

    List<String> next(int count) throws InterruptedException {
        List<String> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(next());
        }
        return received;
    }

    /** The close code, or 1006 when the connection ended without a close frame (reset, truncated stream). */
    int awaitEnd() throws Exception {
        try {
            return closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException abnormal) {
            return 1006;
        }
    }

    /** The close code (1006 for an abnormal end), or null if the connection has not ended within {@code wait}. */
    Integer endWithin(java.time.Duration wait) throws InterruptedException {
        try {
            return closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException abnormal) {
            return 1006;
        } catch (java.util.concurrent.TimeoutException notYet) {
            return null;
        }
    }

    int awaitClose() throws Exception {
        return closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
