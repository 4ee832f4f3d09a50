package herald.courier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConsumerNameTest {

    @Test
    void oneToOneHundredTwentyEightPrintableAsciiCharactersAreANameSpacesAndSlashesIncluded() {
        assertTrue(ConsumerName.isValid("w"));
        assertTrue(ConsumerName.isValid("team/orders worker~!"));
        assertTrue(ConsumerName.isValid(" ".repeat(1)));
        assertTrue(ConsumerName.isValid("x".repeat(128)));
    }

    @Test
    void emptyTooLongControlAndNonAsciiCharactersAreNotNames() {
        assertFalse(ConsumerName.isValid(""));
        assertFalse(ConsumerName.isValid("x".repeat(129)));
        assertFalse(ConsumerName.isValid("tab\there"));
        assertFalse(ConsumerName.isValid("del\u007f"));
        assertFalse(ConsumerName.isValid("caf\u00e9"));
        assertFalse(ConsumerName.isValid("\ud83d\ude00"));
    }
}
