package herald.courier;


import herald.access.Caller;
import herald.limits.BodyTooLarge;
import herald.limits.BoundedBody;
import herald.limits.ClientJson;
import herald.limits.UntrustedJson;
import herald.log.control.Audiences;
import herald.log.control.EventLog;
import herald.log.entity.Audience;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;

/**
 * What Courier REST requests must bring besides the token {@link CourierGate} checked: an existing audience,
 * a readable JSON body.
 */
final class CourierRequest {

    private CourierRequest() {
    }

    /** Refuses (400) a caller whose audience has not been created with {@code POST /v1/audience} (original). */
    static void requireAudience(Audiences audiences, Caller caller) {
        if (!audiences.exists(caller.audience())) {
            throw CourierFailure.audienceNotFound(caller.audience());
        }
    }

    /** The caller's audience, which must have been created with {@code POST /v1/audience} (original). */
    static Audience audience(EventLog log, Caller caller) {
        return log.audience(caller.audience()).orElseThrow(() -> CourierFailure.audienceNotFound(caller.audience()));
    }

    /** The body as a JSON object: 412 if it is not JSON or not an object, 413 beyond {@code limit} bytes. */
    static ClientJson jsonObject(HttpServletRequest request, InputStream body, int limit, String code) {
        String contentType = request.getContentType();
        if (contentType == null || !isJson(contentType)) {
            throw CourierFailure.unreadable(code, "Content-Type must be application/json");
        }
        String text;
        try {
            text = BoundedBody.read(request, body, limit);
        } catch (BodyTooLarge e) {
            throw CourierFailure.tooLarge(limit);
        }
        ClientJson json;
        try {
            json = UntrustedJson.parse(text);
        } catch (UntrustedJson.UnacceptableJson e) {
            throw CourierFailure.unreadable(code, e.getMessage());
        } catch (JsonException e) {
            throw CourierFailure.unreadable(code, "Body is not valid JSON");
        }
        if (json.value().getValueType() != JsonValue.ValueType.OBJECT) {
            throw CourierFailure.unreadable(code, "Body must be a JSON object");
        }
        return json;
    }

    private static boolean isJson(String contentType) {
        try {
            MediaType type = MediaType.valueOf(contentType);
            return type.getType().equalsIgnoreCase("application") && type.getSubtype().equalsIgnoreCase("json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
