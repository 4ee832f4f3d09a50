package herald.courier;

import jakarta.websocket.CloseReason;

/**
 * A client frame Herald will not act on. The original protocol closes the socket with {@link #closeCode};
 * {@code herald.v1} answers with an error frame carrying {@link #code} and keeps the connection.
 */
final class Refusal extends RuntimeException {

    static final CloseReason.CloseCode TOO_BIG = CloseReason.CloseCodes.TOO_BIG;
    static final CloseReason.CloseCode POLICY = CloseReason.CloseCodes.VIOLATED_POLICY;

    private final String code;
    private final CloseReason.CloseCode closeCode;

    Refusal(String code, CloseReason.CloseCode closeCode, String message) {
        super(message, null, false, false);
        this.code = code;
        this.closeCode = closeCode;
    }

    String code() {
        return code;
    }

    CloseReason.CloseCode closeCode() {
        return closeCode;
    }
}
