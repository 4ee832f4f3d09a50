package herald.limits;

import static herald.limits.JsonProviders.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * JSON from clients, read within limits the parser does not set (issue 12). A document nested thousands of
 * levels deep overflowed the parser's recursion (a 500, or a socket that silently stopped reading), a number
 * of thousands of digits cost a big-number conversion, and a string holding {@code \u0000} or half a
 * surrogate pair parsed fine and then failed in PostgreSQL, which stores neither. One linear scan over the
 * text refuses all of them before the parser runs:
 * <ul>
 *   <li>nesting of objects and arrays deeper than {@value #MAX_DEPTH} levels;</li>
 *   <li>a number longer than {@value #MAX_NUMBER_LENGTH} characters;</li>
 *   <li>a string (member name or value) containing U+0000 or an unpaired surrogate, raw or escaped.</li>
 * </ul>
 * Everything else is left to the parser. The refusal names where it was found ({@code event.name},
 * {@code events[].payload}), so that the door's 400 says what to fix.
 */
public final class UntrustedJson {

    public static final int MAX_DEPTH = 64;
    public static final int MAX_NUMBER_LENGTH = 64;

    private UntrustedJson() {
    }

    /**
     * Parses {@code text} as one JSON value.
     *
     * @throws UnacceptableJson past a limit above (a {@link JsonException}, so a door that answers malformed
     *                          JSON answers it too, and may show its message)
     * @throws JsonException    when it is not JSON
     */
    public static JsonValue read(String text) {
        return parse(text).value();
    }

    /** Like {@link #read}, keeping the text as sent, to store parts of it byte for byte. */
    public static ClientJson parse(String text) {
        new Scan(text).run();
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return new ClientJson(text, reader.readValue());
        }
    }

    /** JSON that is well-formed, perhaps, but past one of Herald's input limits; nothing was read. */
    public static final class UnacceptableJson extends JsonException {

        UnacceptableJson(String message) {
            super(message);
        }
    }

    /** One pass over the text, tracking depth and the member names on the way down for the message. */
    private static final class Scan {
        private final String text;
        private final String[] names = new String[MAX_DEPTH + 1];
        private final boolean[] inArray = new boolean[MAX_DEPTH + 1];
        private int depth;
        private int at;

        Scan(String text) {
            this.text = text;
        }

        void run() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '"') {
                    string();
                } else if (c == '{' || c == '[') {
                    if (depth == MAX_DEPTH) {
                        throw refused("nested deeper than " + MAX_DEPTH + " levels");
                    }
                    depth++;
                    names[depth] = null;
                    inArray[depth] = c == '[';
                    at++;
                } else if (c == '}' || c == ']') {
                    depth = Math.max(0, depth - 1); // unbalanced: the parser says so
                    at++;
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    at++;
                }
            }
        }

        private void number() {
            int start = at;
            while (at < text.length() && isNumberChar(text.charAt(at))) {
                at++;
            }
            if (at - start > MAX_NUMBER_LENGTH) {
                throw refused("holds a number longer than " + MAX_NUMBER_LENGTH + " characters");
            }
        }

        private static boolean isNumberChar(char c) {
            return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
        }

        /** From the opening quote to just after the closing one; then notes it as a member name if one follows. */
        private void string() {
            int start = ++at;
            boolean pendingHigh = false;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '"') {
                    break;
                }
                int unit;
                if (c == '\\' && at + 1 < text.length()) {
                    char escaped = text.charAt(at + 1);
                    if (escaped == 'u' && at + 5 < text.length() && isHex(text, at + 2)) {
                        unit = Integer.parseInt(text, at + 2, at + 6, 16);
                        at += 6;
                    } else {
                        unit = escaped == 'u' ? -1 : escaped; // a short \\u: the parser refuses it
                        at += 2;
                    }
                } else {
                    unit = c;
                    at++;
                }
                if (unit == 0) {
                    throw refusedString(start, "contains U+0000");
                }
                char unitChar = (char) unit;
                if (pendingHigh) {
                    if (unit < 0 || !Character.isLowSurrogate(unitChar)) {
                        throw refusedString(start, "contains half a surrogate pair");
                    }
                    pendingHigh = false;
                } else if (unit >= 0 && Character.isLowSurrogate(unitChar)) {
                    throw refusedString(start, "contains half a surrogate pair");
                } else {
                    pendingHigh = unit >= 0 && Character.isHighSurrogate(unitChar);
                }
            }
            if (pendingHigh) {
                throw refusedString(start, "contains half a surrogate pair");
            }
            String content = text.substring(start, Math.min(at, text.length()));
            at++;
            if (colonAt(ClientJson.whitespaceEnd(text, at))) {
                names[depth] = content;
            }
        }

        private static boolean isHex(String text, int from) {
            for (int i = from; i < from + 4; i++) {
                if (Character.digit(text.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }

        private UnacceptableJson refusedString(int start, String why) {
            int next = start;
            while (next < text.length() && text.charAt(next) != '"') {
                next += text.charAt(next) == '\\' ? 2 : 1;
            }
            boolean isName = colonAt(ClientJson.whitespaceEnd(text, next + 1));
            return refused((isName ? "a member name " : "") + why);
        }

        /** Whether a colon stands at {@code at}: the string before it was a member name. */
        private boolean colonAt(int at) {
            return at < text.length() && text.charAt(at) == ':';
        }

        private UnacceptableJson refused(String why) {
            return new UnacceptableJson(path() + " " + why);
        }

        /** Where the scan is, as {@code event.name} or {@code events[].payload}; "body" at the top. */
        private String path() {
            StringBuilder path = new StringBuilder();
            for (int level = 1; level <= depth; level++) {
                if (inArray[level]) {
                    path.append("[]");
                } else if (names[level] != null) {
                    path.append(path.length() == 0 ? "" : ".").append(names[level]);
                }
            }
            return path.length() == 0 ? "body" : path.toString();
        }
    }
}
