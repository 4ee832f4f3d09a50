package herald.eventserver;

import static herald.limits.JsonProviders.JSON;

import jakarta.json.JsonValue;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Responses of the Eventserver door: always JSON, always UTF-8, always saying so. */
final class Replies {

    /** Spelt exactly as the original sends it; clients have been seen comparing the header as a string. */
    static final String JSON_UTF8 = "application/json; charset=utf-8";

    private Replies() {
    }

    static Response json(int status, String message) {
        return json(status, JSON.createValue(message));
    }

    static Response json(int status, JsonValue body) {
        return Response.status(status).header(HttpHeaders.CONTENT_TYPE, JSON_UTF8).entity(body.toString()).build();
    }
}
