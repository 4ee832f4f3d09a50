package herald.courier;

import herald.failures.ErrorEnvelope;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A refusal of the Courier REST API, with the status and code SPEC §3 gives; {@link Mapper} renders it in the
 * door's error envelope, wherever it was thrown (filter or resource).
 */
public final class CourierFailure extends RuntimeException {

    private final int status;
    private final String code;

    private CourierFailure(int status, String code, String message) {
        super(message, null, false, false); // a client's mistake: no stack trace to fill or log
        this.status = status;
        this.code = code;
    }

    static CourierFailure tokenInvalid(String reason) {
        return new CourierFailure(401, "ETOKEN_INVALID", reason);
    }

    static CourierFailure forbidden(String reason) {
        return new CourierFailure(403, "ESTATUS_FORBIDDEN", reason);
    }

    static CourierFailure audienceNotFound(String audience) {
        return new CourierFailure(400, "EAUD_NOTFOUND", "Audience " + audience + " does not exist");
    }

    /** 412: the body could not be read as what the route expects (syntax, media type). */
    static CourierFailure unreadable(String code, String reason) {
        return new CourierFailure(412, code, reason);
    }

    /** 422: the body was read but breaks a rule. */
    static CourierFailure invalid(String code, String reason) {
        return new CourierFailure(422, code, reason);
    }

    static CourierFailure tooLarge(int limit) {
        return new CourierFailure(413, "EBODY_TOO_LARGE", "Body exceeds " + limit + " bytes");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The door's one renderer: {@code {"code","error","status"}} as {@code application/json}. */
    @Provider
    public static class Mapper implements ExceptionMapper<CourierFailure> {

        @Override
        public Response toResponse(CourierFailure failure) {
            return ErrorEnvelope.response(failure.status, failure.code, failure.getMessage());
        }
    }

    static CourierFailure consumerNotFound(String name) {
        return new CourierFailure(404, "ECONSUMER_NOTFOUND", "Consumer " + name + " does not exist");
    }
}
