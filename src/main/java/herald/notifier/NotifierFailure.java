package herald.notifier;

import herald.failures.ErrorEnvelope;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A refusal of a connector route ({@code /push_events}, {@code /drop_user}); {@link Mapper} renders it in the
 * error envelope the Notifier shares with the Courier door, wherever it was thrown (filter or resource).
 */
public final class NotifierFailure extends RuntimeException {

    static final String CODE = "EEVENTS_INVALID";

    private final int status;
    private final String code;

    private NotifierFailure(int status, String code, String message) {
        super(message, null, false, false); // a client's mistake: no stack trace to fill or log
        this.status = status;
        this.code = code;
    }

    static NotifierFailure tokenInvalid(String reason) {
        return new NotifierFailure(401, "ETOKEN_INVALID", reason);
    }

    static NotifierFailure forbidden(String reason) {
        return new NotifierFailure(403, "ESTATUS_FORBIDDEN", reason);
    }

    /** 400 {@code EEVENTS_INVALID}: the body is not what the route takes. */
    static NotifierFailure invalid(String reason) {
        return new NotifierFailure(400, CODE, reason);
    }

    static NotifierFailure tooLarge(int limit) {
        return new NotifierFailure(413, "EBODY_TOO_LARGE", "Body exceeds " + limit + " bytes");
    }

    /** The door's one renderer: {@code {"code","error","status"}} as {@code application/json}. */
    @Provider
    public static class Mapper implements ExceptionMapper<NotifierFailure> {

        @Override
        public Response toResponse(NotifierFailure failure) {
            return ErrorEnvelope.response(failure.status, failure.code, failure.getMessage());
        }
    }
}
