package herald.sessions;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One text message on its way to any number of connections: rendered once per batch and wire format, and,
 * where the container lets Herald write frames itself, encoded once into the bytes of a WebSocket frame that
 * every subscriber's socket gets as it is. A server's frames are never masked (RFC 6455 §5.1), so the bytes
 * of one message are the same on every connection.
 *
 * <p>Immutable once built; the encoded frame is computed on first use and cached (two threads racing to do
 * it compute the same bytes, so no lock is needed).
 */
public final class OutgoingText {

    private static final byte FIN_TEXT = (byte) 0x81;

    private final String text;
    /** The whole frame: header, then the message in UTF-8; null until first asked for. */
    private volatile byte[] frame;
    private volatile int headerLength;

    public OutgoingText(String text) {
        this.text = text;
    }

    private OutgoingText(String text, byte[] frame, int headerLength) {
        this.text = text;
        this.headerLength = headerLength;
        this.frame = frame;
    }

    /** Each of {@code texts}, to go out as it is. */
    public static List<OutgoingText> each(List<String> texts) {
        return texts.stream().map(OutgoingText::new).toList();
    }

    /** The message; for a frame built from bytes, decoded on demand (only the container path asks). */
    public String text() {
        return text != null ? text : new String(frame, headerLength, frame.length - headerLength, StandardCharsets.UTF_8);
    }

    /** The memory the message holds while queued, in bytes: two per character of text, or the frame's own. */
    long queuedSize() {
        return text != null ? 2L * text.length() : frame.length;
    }

    /** The complete, unmasked, final text frame holding the message. */
    byte[] frame() {
        byte[] encoded = frame;
        if (encoded == null) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            int header = headerLength(payload.length);
            encoded = new byte[header + payload.length];
            writeHeader(encoded, payload.length);
            System.arraycopy(payload, 0, encoded, header, payload.length);
            headerLength = header;
            frame = encoded;
        }
        return encoded;
    }

    /** The complete frames of {@code texts} back to back, as one write carries them. */
    static byte[] frames(List<OutgoingText> texts) {
        if (texts.size() == 1) {
            return texts.get(0).frame();
        }
        int length = 0;
        for (OutgoingText text : texts) {
            length += text.frame().length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (OutgoingText text : texts) {
            byte[] frame = text.frame();
            System.arraycopy(frame, 0, joined, at, frame.length);
            at += frame.length;
        }
        return joined;
    }

    /** Where the message starts within {@link #frame()}. */
    int payloadOffset() {
        frame();
        return headerLength;
    }

    /**
     * The messages as one JSON array (herald.v1 sends everything queued for a connection as one frame), each
     * message being a JSON value. Joined as bytes when {@code encoded}, so a frame is never re-encoded.
     */
    static OutgoingText array(List<OutgoingText> values, boolean encoded) {
        return encoded ? encodedArray(values) : new OutgoingText(textArray(values));
    }

    private static String textArray(List<OutgoingText> values) {
        StringBuilder array = new StringBuilder(values.stream().mapToInt(value -> value.text().length() + 1).sum() + 1);
        for (OutgoingText value : values) {
            array.append(array.isEmpty() ? '[' : ',').append(value.text());
        }
        return array.append(']').toString();
    }

    private static OutgoingText encodedArray(List<OutgoingText> values) {
        int length = 1;
        for (OutgoingText value : values) {
            length += value.frame().length - value.headerLength + 1;
        }
        int header = headerLength(length);
        byte[] joined = new byte[header + length];
        writeHeader(joined, length);
        int at = header;
        for (OutgoingText value : values) {
            joined[at] = (byte) (at == header ? '[' : ',');
            at++;
            byte[] part = value.frame();
            int partLength = part.length - value.headerLength;
            System.arraycopy(part, value.headerLength, joined, at, partLength);
            at += partLength;
        }
        joined[at] = ']';
        return new OutgoingText(null, joined, header);
    }

    /** RFC 6455 §5.2: a 7-bit length, or 126 and 16 bits, or 127 and 64 bits; no mask key from a server. */
    private static int headerLength(int payloadLength) {
        return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    private static void writeHeader(byte[] frame, int payloadLength) {
        frame[0] = FIN_TEXT;
        if (payloadLength <= 125) {
            frame[1] = (byte) payloadLength;
        } else if (payloadLength <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (payloadLength >>> 8);
            frame[3] = (byte) payloadLength;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payloadLength >>> (56 - 8 * i));
            }
        }
    }
}
