package herald.sessions;

import herald.access.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Callers admitted without credentials. Empty unless a door opts in, as the Notifier's drop-in mode does for
 * trusted networks; each door decides for its own paths.
 */
@ApplicationScoped
public class AnonymousCallers {

    /** A door's policy for credential-less upgrades. */
    public interface Policy {
        Optional<Caller> callerFor(HttpServletRequest request);
    }

    @Inject
    Instance<Policy> policies;

    public Optional<Caller> forPath(HttpServletRequest request) {
        for (Policy policy : policies) {
            Optional<Caller> caller = policy.callerFor(request);
            if (caller.isPresent()) {
                return caller;
            }
        }
        return Optional.empty();
    }
}
