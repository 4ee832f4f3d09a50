package herald.sessions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bytes Herald writes itself where the container lets it: they must be exactly the frame RFC 6455 asks for. */
class OutgoingTextTest {

    @Test
    void aFrameIsTheMessageInUtf8BehindAnUnmaskedFinalTextHeaderOfMinimalLength() {
        for (int length : new int[]{0, 1, 125, 126, 127, 65_535, 65_536, 70_001}) {
            String text = message(length);
            byte[] frame = new OutgoingText(text).frame();
            assertEquals(text, parse(frame), "payload of " + length + " bytes");
            int expectedHeader = length <= 125 ? 2 : length <= 65_535 ? 4 : 10;
            assertEquals(expectedHeader + length, frame.length, "header of " + length + " bytes is the shortest form");
        }
    }

    @Test
    void multiByteCharactersAreCountedInBytesNotCharacters() {
        String text = "é€😀".repeat(30); // 30 × 9 bytes: 270 > 125, though only 120 chars
        byte[] frame = new OutgoingText(text).frame();
        assertEquals(126, frame[1]);
        assertEquals(text, parse(frame));
    }

    @Test
    void aMessageIsEncodedOnceHoweverManyConnectionsSendIt() {
        OutgoingText text = new OutgoingText("{\"seq\":1}");
        assertSame(text.frame(), text.frame());
    }

    @Test
    void anArrayJoinedAsBytesIsTheSameMessageAsOneJoinedAsText() { // herald.v1: queued events as one frame
        List<OutgoingText> events = List.of(new OutgoingText("{\"seq\":1}"), new OutgoingText("{\"é\":\"" + "x".repeat(200) + "\"}"),
                new OutgoingText("{\"seq\":3}"));
        OutgoingText bytes = OutgoingText.array(events, true);
        OutgoingText text = OutgoingText.array(events, false);
        String expected = "[" + events.get(0).text() + "," + events.get(1).text() + "," + events.get(2).text() + "]";
        assertEquals(expected, text.text());
        assertEquals(expected, bytes.text());
        assertEquals(expected, parse(bytes.frame()));
        assertArrayEquals(text.frame(), bytes.frame());
    }

    @Test
    void anArrayOfOneIsThatValueInBrackets() {
        assertEquals("[1]", parse(OutgoingText.array(List.of(new OutgoingText("1")), true).frame()));
    }

    @Test
    void framesWrittenTogetherAreEachAFrameOfTheirOwnBackToBack() { // Courier: one event per frame, one write
        List<OutgoingText> frames = List.of(new OutgoingText("{\"seq\":1}"), new OutgoingText("é".repeat(100)),
                new OutgoingText(""));
        ByteBuffer joined = ByteBuffer.wrap(OutgoingText.frames(frames));
        for (OutgoingText frame : frames) {
            assertEquals(frame.text(), next(joined));
        }
        assertEquals(0, joined.remaining(), "nothing but the frames");
        assertSame(frames.get(0).frame(), OutgoingText.frames(frames.subList(0, 1)), "one frame is not copied");
    }

    /** An RFC 6455 §5.2 reader for one server frame: FIN, text opcode, no mask, then the payload. */
    private static String parse(byte[] frame) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        String text = next(in);
        assertEquals(0, in.remaining(), "the length field covers the payload exactly");
        return text;
    }

    /** Reads the next server frame of {@code in}. */
    private static String next(ByteBuffer in) {
        assertEquals((byte) 0x81, in.get(), "FIN and opcode 1 (text), no RSV bits");
        int first = in.get() & 0xFF;
        assertEquals(0, first & 0x80, "a server never masks");
        long length = first & 0x7F;
        if (length == 126) {
            length = in.getShort() & 0xFFFF;
        } else if (length == 127) {
            length = in.getLong();
        }
        byte[] payload = new byte[(int) length];
        in.get(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static String message(int bytes) {
        return "a".repeat(bytes);
    }
}
