package herald.bench;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A bench client's herald.v1 socket, opened with a fresh ticket: reads as fast as frames come and hands each
 * whole text frame to {@link #frame}, the end of the connection to {@link #ended}.
 */
abstract class HeraldV1Socket implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Opens this listener's socket as {@code authorization}'s caller; returns once it is open. */
    final void open(HeraldApi api, String authorization) throws Exception {
        socket = api.http.newWebSocketBuilder().subprotocols("herald.v1").connectTimeout(Duration.ofSeconds(30))
                .buildAsync(api.socketWithTicket(authorization), this).get(30, TimeUnit.SECONDS);
    }

    /** Sends one text frame, waiting at most {@code wait} for it to be written. */
    final void send(String text, Duration wait) throws Exception {
        socket.sendText(text, true).get(wait.toSeconds(), TimeUnit.SECONDS);
    }

    final void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    /** One whole text frame, in the order received (the first is the connection's id). */
    abstract void frame(String text);

    /** The connection ended: closed by the server ({@code why} has the code and reason) or failed. */
    abstract void ended(String why);

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            frame(text);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended("closed " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended("error " + error);
    }
}
