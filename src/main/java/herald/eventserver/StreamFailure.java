package herald.eventserver;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A refusal of the Eventserver door; {@link Mapper} renders it as the JSON string the original sends
 * ({@code "<Reason>[ - <detail>]"}), wherever it was thrown (filter or resource).
 */
public final class StreamFailure extends RuntimeException {

    static final String CHALLENGE = "Basic realm=\"herald\"";

    private final int status;

    private StreamFailure(int status, String message) {
        super(message, null, false, false); // a client's mistake: no stack trace to fill or log
        this.status = status;
    }

    static StreamFailure badRequest(String reason) {
        return new StreamFailure(400, "Bad Request - " + reason);
    }

    static StreamFailure unauthorized() {
        return new StreamFailure(401, "Unauthorized");
    }

    static StreamFailure streamNotFound(String stream) {
        return new StreamFailure(404, "Not Found - stream " + stream);
    }

    static StreamFailure notFound() {
        return new StreamFailure(404, "Not Found");
    }

    static StreamFailure locked() {
        return new StreamFailure(423, "Locked - Second writers not allowed");
    }

    static StreamFailure tooLarge(int limit) {
        return new StreamFailure(413, "Payload Too Large - body exceeds " + limit + " bytes");
    }

    int status() {
        return status;
    }

    /** The door's one renderer, also used for the errors it did not raise itself ({@link EventserverFormat}). */
    static Response render(int status, String message) {
        Response.ResponseBuilder response = Response.fromResponse(Replies.json(status, message));
        if (status == 401) {
            response.header("WWW-Authenticate", CHALLENGE);
        }
        if (status == 413) {
            // the rest of the oversized body was never read: end the connection rather than parse it as a request
            response.header("Connection", "close");
        }
        return response.build();
    }

    @Provider
    public static class Mapper implements ExceptionMapper<StreamFailure> {

        @Override
        public Response toResponse(StreamFailure failure) {
            return render(failure.status, failure.getMessage());
        }
    }
}
