package herald.access;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The caller a door's authentication filter established for this request; resources inject it instead of
 * reading credentials themselves. Set once, before the resource method runs.
 */
@RequestScoped
public class RequestCaller {

    private Caller caller;

    /** Called by the door's authentication filter once it accepted the request's credentials. */
    public void establish(Caller accepted) {
        if (caller != null) {
            throw new IllegalStateException("the caller of this request is already established");
        }
        caller = accepted;
    }

    /**
     * The caller; never absent where a resource runs behind its door's filter. Absent here means a resource
     * without an {@link Authenticating} binding asked for it, a programming error answered 500.
     */
    public Caller get() {
        return Optional.ofNullable(caller).orElseThrow(() -> new IllegalStateException(
                "no authentication filter established a caller for this request"));
    }
}
