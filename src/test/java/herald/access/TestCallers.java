package herald.access;

import java.util.Map;
import java.util.Set;

/** Callers for tests outside this package, without a token to verify. */
public final class TestCallers {

    private TestCallers() {
    }

    public static Caller of(String audience, String subject) {
        return new Caller(audience, subject, Set.of(), Map.of("sub", subject, "aud", Set.of(audience)));
    }
}
