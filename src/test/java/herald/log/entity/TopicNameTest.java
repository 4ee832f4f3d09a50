package herald.log.entity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders", "system/events", "users/alice", "a.b_c~d:e-f", "Z9"})
    void namesOfTheAllowedCharactersAreValid(String name) {
        assertTrue(TopicName.isValid(name));
        assertTrue(TopicName.isValid("x".repeat(255)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "$broadcast", "$anything", "with space", "ümlaut", "a*b", "tab\t"})
    void reservedEmptyAndForeignNamesAreInvalid(String name) {
        assertFalse(TopicName.isValid(name));
        assertFalse(TopicName.isValid(null));
        assertFalse(TopicName.isValid("x".repeat(256)));
    }
}
