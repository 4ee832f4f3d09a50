package herald.notifier;

import herald.limits.BodyTooLarge;
import herald.limits.BoundedBody;
import herald.limits.ClientJson;
import herald.limits.UntrustedJson;
import jakarta.json.JsonException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;

/** What the connector routes require besides the caller {@link ConnectorGate} checked: a readable JSON body. */
final class ConnectorRequest {

    private ConnectorRequest() {
    }

    static ClientJson json(HttpServletRequest request, InputStream body, int limit) {
        String text;
        try {
            text = BoundedBody.read(request, body, limit);
        } catch (BodyTooLarge e) {
            throw NotifierFailure.tooLarge(limit);
        }
        try {
            return UntrustedJson.parse(text);
        } catch (UntrustedJson.UnacceptableJson e) {
            throw NotifierFailure.invalid(e.getMessage());
        } catch (JsonException e) {
            throw NotifierFailure.invalid("Body is not valid JSON");
        }
    }
}
