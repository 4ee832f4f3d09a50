package herald.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.NotFoundException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** [CO-DEV-TOKEN] without a server: when the route answers at all. */
class DevTokenResourceTest {

    @Test
    void withoutAConfiguredTokenTheRouteDoesNotExist() {
        DevTokenResource resource = new DevTokenResource();
        resource.token = Optional.empty();
        assertThrows(NotFoundException.class, resource::token);
        resource.token = Optional.of(" ");
        assertThrows(NotFoundException.class, resource::token);
    }

    @Test
    void onlyLoopbackCallersThatCameWithoutAProxyAreOnThisMachine() {
        assertTrue(DevTokenResource.fromThisMachine("127.0.0.1", false));
        assertTrue(DevTokenResource.fromThisMachine("0:0:0:0:0:0:0:1", false));
        assertFalse(DevTokenResource.fromThisMachine("127.0.0.1", true), "a local proxy forwards remote callers");
        assertFalse(DevTokenResource.fromThisMachine("192.168.1.20", false));
        assertFalse(DevTokenResource.fromThisMachine("203.0.113.9", false));
        assertFalse(DevTokenResource.fromThisMachine("", false), "no address is not loopback");
    }
}
