package herald.limits;

import static herald.limits.JsonProviders.JSON;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's JSON document: the value for checking, and the text as sent, from which the parts Herald stores
 * are cut (SPEC §1: bodies are stored and delivered byte for byte, whitespace, key order, escapes and number
 * spelling included, issue 11). Re-serialising the parsed value would change {@code 2.50} into
 * {@code 2.5} and {@code "\u00e9"} into {@code "é"}.
 *
 * <p>The text is known to be one valid JSON value (it parsed), so the walk below only skips over it.
 */
public record ClientJson(String text, JsonValue value) {

    /** The text of member {@code name} of the top-level object, as sent; null if there is none. */
    public String raw(String name) {
        Walk walk = new Walk(text);
        return walk.memberOfObjectAt(walk.skipWhitespace(0), name);
    }

    /** For a top-level array: the text of member {@code name} of each element, as sent (null for an element without). */
    public List<String> rawOfEach(String name) {
        Walk walk = new Walk(text);
        List<String> members = new ArrayList<>();
        int at = walk.skipWhitespace(0) + 1; // past '['
        at = walk.skipWhitespace(at);
        while (text.charAt(at) != ']') {
            members.add(text.charAt(at) == '{' ? walk.memberOfObjectAt(at, name) : null);
            at = walk.skipWhitespace(walk.skipValue(at));
            if (text.charAt(at) == ',') {
                at = walk.skipWhitespace(at + 1);
            }
        }
        return members;
    }

    /** The top-level object's text after its opening brace, trimmed: what follows when a member is put first. */
    public String afterOpeningBrace() {
        return text.strip().substring(1).strip();
    }

    /** The first index at or after {@code at} that is not JSON whitespace (RFC 8259: space, tab, CR, LF). */
    static int whitespaceEnd(String text, int at) {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        return at;
    }

    private record Walk(String text) {

        /** The last member called {@code name} (the parser, too, keeps the last of duplicate names). */
        String memberOfObjectAt(int open, String name) {
            String found = null;
            int at = skipWhitespace(open + 1);
            while (text.charAt(at) != '}') {
                int keyEnd = skipValue(at);
                String key = decode(text.substring(at, keyEnd));
                int valueStart = skipWhitespace(skipWhitespace(keyEnd) + 1); // past ':'
                int valueEnd = skipValue(valueStart);
                if (key.equals(name)) {
                    found = text.substring(valueStart, valueEnd);
                }
                at = skipWhitespace(valueEnd);
                if (text.charAt(at) == ',') {
                    at = skipWhitespace(at + 1);
                }
            }
            return found;
        }

        int skipValue(int at) {
            char c = text.charAt(at);
            if (c == '"') {
                return skipString(at);
            }
            if (c == '{' || c == '[') {
                int depth = 0;
                do {
                    char d = text.charAt(at);
                    if (d == '"') {
                        at = skipString(at);
                        continue;
                    }
                    if (d == '{' || d == '[') {
                        depth++;
                    } else if (d == '}' || d == ']') {
                        depth--;
                    }
                    at++;
                } while (depth > 0);
                return at;
            }
            while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            return at;
        }

        private int skipString(int quote) {
            int at = quote + 1;
            while (text.charAt(at) != '"') {
                at += text.charAt(at) == '\\' ? 2 : 1;
            }
            return at + 1;
        }

        int skipWhitespace(int at) {
            return whitespaceEnd(text, at);
        }

        private static String decode(String quoted) {
            if (quoted.indexOf('\\') < 0) {
                return quoted.substring(1, quoted.length() - 1);
            }
            return ((JsonString) JSON.createReader(new StringReader(quoted)).readValue()).getString();
        }
    }
}
