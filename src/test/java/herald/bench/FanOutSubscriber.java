package herald.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fan-out subscriber: a JDK WebSocket that finds the bench messages in whatever form they arrive (the raw
 * message, one herald.v1 event, or a herald.v1 array of events), times each on receipt and remembers which
 * ones of the current round it has seen.
 */
final class FanOutSubscriber implements WebSocket.Listener {

    /** Bench messages are {@code {"bench":n,"sent":nanoTime}}; n below 0 marks a probe. */
    static String message(long n, long sentNanos) {
        return "{\"bench\":" + n + ",\"sent\":" + sentNanos + "}";
    }

    private static final String NUMBER = "\"bench\":";
    private static final String SENT = "\"sent\":";

    private final AtomicLong deliveredByAll;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private volatile boolean probed;
    private volatile boolean closing;
    private volatile String closedByServer;

    private long first;
    private int size;
    private BitSet seen = new BitSet();
    private int received;
    private long duplicates;
    private long strays;
    private long frames;
    private long lastReceipt;
    private Latencies latencies = new Latencies();

    private FanOutSubscriber(AtomicLong deliveredByAll) {
        this.deliveredByAll = deliveredByAll;
    }

    /** Connects, then subscribes to {@code topic}; completes once the subscribe frame is sent. */
    static CompletableFuture<FanOutSubscriber> connect(HttpClient http, URI uri, String subprotocol, String topic,
                                                      AtomicLong deliveredByAll) {
        FanOutSubscriber subscriber = new FanOutSubscriber(deliveredByAll);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        return builder.buildAsync(uri, subscriber)
                .thenCompose(socket -> socket.sendText("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\"}", true))
                .thenApply(socket -> subscriber);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(Long.MAX_VALUE); // read as fast as frames come; demand per frame would only add work
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long receivedAt = System.nanoTime();
            String frame = partial.toString();
            partial.setLength(0);
            scan(frame, receivedAt);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closing) {
            closedByServer = statusCode + " " + reason;
        }
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!closing) {
            closedByServer = "error " + error;
        }
        closed.complete(null);
    }

    /** By hand rather than with a JSON parser: a thousand clients share two cores with the server. */
    private void scan(String frame, long receivedAt) {
        boolean counted = false;
        for (int at = frame.indexOf(NUMBER); at >= 0; at = frame.indexOf(NUMBER, at)) {
            at += NUMBER.length();
            int end = numberEnd(frame, at);
            long n = Long.parseLong(frame, at, end, 10);
            int sentAt = frame.indexOf(SENT, end) + SENT.length();
            at = numberEnd(frame, sentAt);
            long sent = Long.parseLong(frame, sentAt, at, 10);
            received(n, receivedAt, receivedAt - sent, !counted);
            counted = true;
        }
    }

    private static int numberEnd(String text, int from) {
        int end = from;
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '-')) {
            end++;
        }
        return end;
    }

    private synchronized void received(long n, long receivedAt, long latency, boolean newFrame) {
        if (n < 0) {
            probed = true;
            return;
        }
        if (newFrame) {
            frames++;
        }
        long index = n - first;
        if (index < 0 || index >= size) {
            strays++;
        } else if (seen.get((int) index)) {
            duplicates++;
        } else {
            seen.set((int) index);
            received++;
            latencies.add(latency);
            lastReceipt = receivedAt;
            deliveredByAll.incrementAndGet();
        }
    }

    /** Expects messages {@code first} to {@code first + size - 1} from now on. */
    synchronized void startRound(long first, int size) {
        this.first = first;
        this.size = size;
        seen = new BitSet(size);
        received = 0;
        duplicates = 0;
        strays = 0;
        frames = 0;
        lastReceipt = 0;
        latencies = new Latencies();
    }

    synchronized Tally tally() {
        return new Tally(received, size - received, duplicates, strays, frames, lastReceipt, latencies, closedByServer);
    }

    /** Every message of the round arrived, or the server closed the connection (so no more will). */
    synchronized boolean finished() {
        return received == size || closedByServer != null;
    }

    boolean probed() {
        return probed;
    }

    String closedByServer() {
        return closedByServer;
    }

    /** Starts a normal close; the future completes when the server has answered it (or the socket failed). */
    CompletableFuture<Void> close() {
        closing = true;
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        return closed;
    }

    void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    /** What one subscriber saw of one round. */
    record Tally(int received, int missing, long duplicates, long strays, long frames, long lastReceipt,
                 Latencies latencies, String closedByServer) {
    }
}
