package herald.eventserver;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** A refusal of the Eventserver door, already rendered as the JSON string the original sends. */
class StreamFailure extends WebApplicationException {

    private StreamFailure(Response response) {
        super(response);
    }

    static StreamFailure badRequest(String reason) {
        return new StreamFailure(Replies.json(Response.Status.BAD_REQUEST, "Bad Request - " + reason));
    }

    static StreamFailure unauthorized() {
        return new StreamFailure(Response.fromResponse(Replies.json(Response.Status.UNAUTHORIZED, "Unauthorized"))
                .header("WWW-Authenticate", "Basic realm=\"herald\"").build());
    }

    static StreamFailure streamNotFound(String stream) {
        return new StreamFailure(Replies.json(Response.Status.NOT_FOUND, "Not Found - stream " + stream));
    }

    static StreamFailure notFound() {
        return new StreamFailure(Replies.json(Response.Status.NOT_FOUND, "Not Found"));
    }

    static StreamFailure locked() {
        return new StreamFailure(Replies.json(423, "Locked - Second writers not allowed"));
    }

    static StreamFailure tooLarge(int limit) {
        // the rest of the oversized body was never read: end the connection rather than parse it as a request
        return new StreamFailure(Response.fromResponse(Replies.json(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "Payload Too Large - body exceeds " + limit + " bytes")).header("Connection", "close").build());
    }
}
