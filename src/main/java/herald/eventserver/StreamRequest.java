package herald.eventserver;

import herald.limits.BodyTooLarge;
import herald.limits.BoundedBody;
import herald.log.entity.TopicName;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * The rules every Eventserver request is held to before it may touch the log (SPEC §5 and §9), once
 * {@link StreamGate} has accepted its credentials.
 */
final class StreamRequest {

    static final int MAX_ID_LENGTH = 128;

    private StreamRequest() {
    }

    /** {@code Accept}, when sent, must admit {@code application/json} in UTF-8; {@code *}{@code /*} does. */
    static void requireJsonAccepted(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String range : accept.split(",")) {
            MediaType type = mediaType(range, "Accept");
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && isUtf8OrAbsent(type)) {
                return;
            }
        }
        throw StreamFailure.badRequest("Accept must allow application/json; charset=utf-8");
    }

    /** {@code Content-Type} must be {@code application/json}, with charset absent or UTF-8. */
    static void requireJsonContent(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null || contentType.isBlank()) {
            throw StreamFailure.badRequest("Content-Type application/json; charset=utf-8 is required");
        }
        if (!isJson(mediaType(contentType, "Content-Type"))) {
            throw StreamFailure.badRequest("Content-Type must be application/json; charset=utf-8");
        }
    }

    static boolean isJson(MediaType type) {
        return type.getType().equalsIgnoreCase("application") && type.getSubtype().equalsIgnoreCase("json")
                && isUtf8OrAbsent(type);
    }

    static MediaType mediaType(String value, String header) {
        try {
            return MediaType.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            throw StreamFailure.badRequest(header + " is not a valid media type");
        }
    }

    /** A producer or consumer id: 1–128 printable ASCII characters. */
    static String requireId(HttpServletRequest request, String header) {
        String id = request.getHeader(header);
        if (id == null || id.isBlank()) {
            throw StreamFailure.badRequest(header + " header is required");
        }
        if (id.length() > MAX_ID_LENGTH || !id.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw StreamFailure.badRequest(header + " must be 1-" + MAX_ID_LENGTH + " printable ASCII characters");
        }
        return id;
    }

    /** The eventName query: required, and without U+0000, which no stored name holds and PostgreSQL refuses (issue 12). */
    static void requireEventName(String eventName) {
        if (eventName == null || eventName.isEmpty()) {
            throw StreamFailure.badRequest("eventName is required");
        }
        if (eventName.indexOf('\u0000') >= 0) {
            throw StreamFailure.badRequest("eventName contains U+0000");
        }
    }

    static void requireStreamName(String stream) {
        if (!TopicName.isValid(stream)) {
            throw StreamFailure.badRequest("stream name must be 1-" + TopicName.MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ ~ : -");
        }
    }

    /** The body as UTF-8 text, refused with 413 beyond {@code limit} bytes without reading further. */
    static String body(HttpServletRequest request, InputStream in, int limit) {
        try {
            return BoundedBody.read(request, in, limit);
        } catch (BodyTooLarge e) {
            throw StreamFailure.tooLarge(limit);
        }
    }

    private static boolean isUtf8OrAbsent(MediaType type) {
        String charset = type.getParameters().entrySet().stream()
                .filter(parameter -> parameter.getKey().equalsIgnoreCase(MediaType.CHARSET_PARAMETER))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        return charset == null || charset.toLowerCase(Locale.ROOT).replace("\"", "").equals("utf-8");
    }
}
