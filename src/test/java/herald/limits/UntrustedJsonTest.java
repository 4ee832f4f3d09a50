package herald.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 12's input limits on client JSON, and that ordinary JSON passes them untouched. */
class UntrustedJsonTest {

    @Test
    void ordinaryJsonIsReadAsTheParserReadsIt() {
        String text = "{\"event\":{\"name\":\"caf\\u00e9 \\ud83d\\ude00\",\"version\":2.50},\"payload\":[1,-2e10,{\"a\":null}]}";
        assertEquals("café \uD83D\uDE00", UntrustedJson.read(text).asJsonObject().getJsonObject("event").getString("name"));
        UntrustedJson.read(depth(64));
        UntrustedJson.read("{\"n\":" + "9".repeat(64) + "}");
    }

    @Test
    void nestingPastTheLimitIsRefusedBeforeTheParserRecurses() {
        assertRefused("payload" + "[]".repeat(63), "nested deeper than 64 levels", "{\"payload\":" + depth(10_000) + "}");
        assertRefused("[]".repeat(64), "nested deeper than 64 levels", depth(65));
    }

    @Test
    void aNumberOfThousandsOfDigitsIsRefusedNamingItsField() {
        assertRefused("created_at", "holds a number longer than 64 characters",
                "{\"created_at\":0." + "0".repeat(5_000) + "1}");
        assertRefused("event.version", "holds a number longer than 64 characters",
                "{\"event\":{\"name\":\"A\",\"version\":1" + "0".repeat(3_000) + "}}");
    }

    @Test
    void stringsPostgreSqlCannotStoreAreRefusedNamingTheirField() {
        assertRefused("event.name", "contains U+0000", "{\"event\":{\"name\":\"a\\u0000b\"}}");
        assertRefused("events[].payload.note", "contains half a surrogate pair",
                "{\"events\":[{\"payload\":{\"note\":\"\\ud800 alone\"}}]}");
        assertRefused("message", "contains half a surrogate pair", "{\"message\":\"\\udc00\"}");
        assertRefused("body", "a member name contains U+0000", "{\"a\\u0000\":1}");
    }

    @Test
    void membersAreCutOutAsSentByteForByte() { // SPEC §1, issue 11
        String message = "{ \"b\" : 2.50,\n  \"a\":\"caf\\u00e9 \\u003c\", \"n\":[1 , {\"x\":\"}\"}] }";
        ClientJson hook = UntrustedJson.parse("  {\"topic\":\"t\", \"mess\\u0061ge\" :\t" + message + " ,\"action\":\"publish\"}\n");
        assertEquals(message, hook.raw("message"), "escaped member names count by their value");
        assertEquals("\"t\"", hook.raw("topic"));
        assertEquals(null, hook.raw("missing"));
        assertEquals("2", UntrustedJson.parse("{\"a\":1,\"a\":2}").raw("a"), "the last of duplicates, like the parser");

        ClientJson pushed = UntrustedJson.parse("[ {\"accessid\":\"x\",\"payload\": \"1.0\" }, {\"payload\":1e3} ,{\"p\":[]}]");
        assertEquals(Arrays.asList("\"1.0\"", "1e3", null), pushed.rawOfEach("payload"));
        assertEquals("\"event\" : {\"name\":\"A\"} }", UntrustedJson.parse(" { \"event\" : {\"name\":\"A\"} }\n").afterOpeningBrace());
    }

    @Test
    void whatIsNotJsonIsStillTheParsersToRefuse() {
        JsonException e = assertThrows(JsonException.class, () -> UntrustedJson.read("{\"a\":"));
        assertFalse(e instanceof UntrustedJson.UnacceptableJson, "a parse error, not a limit: " + e.getMessage());
    }

    private static void assertRefused(String where, String why, String text) {
        UntrustedJson.UnacceptableJson refused = assertThrows(UntrustedJson.UnacceptableJson.class, () -> UntrustedJson.read(text));
        assertEquals(where + " " + why, refused.getMessage());
    }

    private static String depth(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }
}
