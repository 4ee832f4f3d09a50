package herald.failures;

import static herald.limits.JsonProviders.JSON;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The error body of the Courier and Notifier doors and of refused WebSocket upgrades:
 * {@code {"code":"<CODE>","error":"<message>","status":<int>}}.
 */
public final class ErrorEnvelope {

    private ErrorEnvelope() {
    }

    public static String json(int status, String code, String message) {
        return JSON.createObjectBuilder()
                .add("code", code)
                .add("error", message)
                .add("status", status)
                .build().toString();
    }

    public static Response response(int status, String code, String message) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json(status, code, message));
        if (status == 413) {
            // the rest of the oversized body was never read: end the connection rather than parse it as a request
            response.header("Connection", "close");
        }
        return response.build();
    }
}
