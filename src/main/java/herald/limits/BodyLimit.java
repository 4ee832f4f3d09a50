package herald.limits;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The largest message body every door accepts (SPEC §6): HTTP 413, WebSocket 1009 beyond it. */
@ApplicationScoped
public class BodyLimit {

    @Inject
    @ConfigProperty(name = "herald.limits.body-bytes", defaultValue = "65536")
    int bytes;

    public int bytes() {
        return bytes;
    }
}
