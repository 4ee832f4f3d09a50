package herald.notifier;


import herald.access.Caller;
import herald.access.Permissions;
import herald.failures.ErrorEnvelope;
import herald.limits.BodyTooLarge;
import herald.limits.BoundedBody;
import herald.limits.ClientJson;
import herald.limits.UntrustedJson;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.util.Optional;

/** What the connector routes require: a connector (or admin) caller and a readable JSON body. */
final class ConnectorRequest {

    static final String CODE = "EEVENTS_INVALID";

    private ConnectorRequest() {
    }

    static Caller connector(HttpServletRequest request, DropInMode dropIn) {
        Optional<Caller> authenticated = Caller.of(request);
        if (authenticated.isEmpty() && Caller.refusal(request).isEmpty()) {
            authenticated = dropIn.connector(); // no credentials at all: acceptable in drop-in mode only
        }
        Caller caller = authenticated.orElseThrow(() -> ErrorEnvelope.failure(401, "ETOKEN_INVALID",
                Caller.refusal(request).orElse("A valid Bearer token is required")));
        if (!Permissions.isPrivileged(caller)) {
            throw ErrorEnvelope.failure(403, "ESTATUS_FORBIDDEN", "The connector role is required");
        }
        return caller;
    }

    static ClientJson json(HttpServletRequest request, InputStream body, int limit) {
        String text;
        try {
            text = BoundedBody.read(request, body, limit);
        } catch (BodyTooLarge e) {
            throw ErrorEnvelope.failure(413, "EBODY_TOO_LARGE", "Body exceeds " + limit + " bytes");
        }
        try {
            return UntrustedJson.parse(text);
        } catch (UntrustedJson.UnacceptableJson e) {
            throw ErrorEnvelope.failure(400, CODE, e.getMessage());
        } catch (JsonException e) {
            throw ErrorEnvelope.failure(400, CODE, "Body is not valid JSON");
        }
    }
}
