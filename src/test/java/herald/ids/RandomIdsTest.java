package herald.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RandomIdsTest {

    @Test
    void idsAreVersion4UuidsThatDoNotRepeat() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            UUID id = RandomIds.next();
            assertEquals(4, id.version());
            assertEquals(2, id.variant());
            assertEquals(id, UUID.fromString(id.toString()));
            seen.add(id);
        }
        assertEquals(100_000, seen.size());
    }
}
