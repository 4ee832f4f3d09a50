package herald.log.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an audience exists, asked by every Courier publish and ticket. Audiences are never deleted, so
 * one found once exists for good and is not looked up again (a JPA read in a transaction of its own per
 * request, before); one not found is asked again next time, since another node may create it any moment.
 */
@ApplicationScoped
public class Audiences {

    @Inject
    EventLog log;

    private final Set<String> existing = ConcurrentHashMap.newKeySet();

    public boolean exists(String name) {
        if (existing.contains(name)) {
            return true;
        }
        boolean found = log.audience(name).isPresent();
        if (found) {
            existing.add(name);
        }
        return found;
    }
}
