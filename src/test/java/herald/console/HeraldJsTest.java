package herald.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * herald.js against a scripted server (src/test/js/herald.test.mjs, node:test): array frames, duplicates,
 * refusals, resume points and backoff, which a real server does not produce on cue.
 */
class HeraldJsTest {

    @Test
    void heraldJsPassesItsProtocolTests() throws Exception {
        Process node;
        try {
            node = new ProcessBuilder("node", "--test", "src/test/js/").redirectErrorStream(true).start();
        } catch (IOException e) {
            String message = "herald.js is tested with Node.js 20+, which is not on the PATH: apt-get install -y nodejs";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message); // `mvn verify` needs only a JDK and Maven; CI has Node
            return;
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, node.exitValue(), output);
    }
}
