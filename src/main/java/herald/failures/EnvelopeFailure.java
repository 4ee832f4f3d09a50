package herald.failures;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A refusal answered in the {@link ErrorEnvelope} the Courier and Notifier doors share, with its status and
 * code. Each door names its refusals in a subclass of its own ({@code CourierFailure}, {@code NotifierFailure});
 * {@link Mapper} renders all of them, wherever they are thrown (filter or resource).
 */
public class EnvelopeFailure extends RuntimeException {

    private final int status;
    private final String code;

    protected EnvelopeFailure(int status, String code, String message) {
        super(message, null, false, false); // a client's mistake: no stack trace to fill or log
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The doors' one renderer: {@code {"code","error","status"}} as {@code application/json}. */
    @Provider
    public static class Mapper implements ExceptionMapper<EnvelopeFailure> {

        @Override
        public Response toResponse(EnvelopeFailure failure) {
            return ErrorEnvelope.response(failure.status(), failure.code(), failure.getMessage());
        }
    }
}
