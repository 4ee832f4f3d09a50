package herald.limits;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a request body as UTF-8 text, never keeping more than its limit. */
public final class BoundedBody {

    /**
     * An oversized body up to this size is read and discarded before the refusal is sent. Over HTTP/2 a
     * client cannot see the answer while its upload waits for flow-control credit that only reading gives;
     * beyond this size the connection is closed instead.
     */
    static final long DISCARD_LIMIT = 8L * 1024 * 1024;

    private BoundedBody() {
    }

    /**
     * @throws BodyTooLarge when the declared length or the bytes actually sent exceed {@code limit}
     */
    public static String read(HttpServletRequest request, InputStream body, int limit) {
        try {
            if (request.getContentLengthLong() > limit) {
                discard(body, request.getContentLengthLong());
                throw new BodyTooLarge(limit);
            }
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                discard(body, DISCARD_LIMIT);
                throw new BodyTooLarge(limit);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("request body could not be read", e);
        }
    }

    private static void discard(InputStream body, long length) throws IOException {
        if (length > DISCARD_LIMIT) {
            return;
        }
        byte[] buffer = new byte[16 * 1024];
        for (long remaining = length; remaining > 0; ) {
            int read = body.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                return;
            }
            remaining -= read;
        }
    }
}
