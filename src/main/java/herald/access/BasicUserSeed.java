package herald.access;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the Basic users listed in {@code herald.basic.users} ({@code HERALD_BASIC_USERS},
 * {@code user:password[,user:password…]}) at start-up: how the run command gets its users. Deployments
 * normally create theirs with the server-config scripts instead.
 */
@Singleton
@Startup
@DependsOn("Schema")
public class BasicUserSeed {

    private static final Logger LOG = Logger.getLogger(BasicUserSeed.class.getName());

    @Inject
    @ConfigProperty(name = "herald.basic.users")
    Optional<String> users;

    @Inject
    BasicUsers store;

    @PostConstruct
    void seed() {
        users.filter(list -> !list.isBlank()).ifPresent(list -> {
            for (String entry : list.split(",")) {
                int colon = entry.indexOf(':');
                if (colon < 1 || colon == entry.length() - 1) {
                    throw new IllegalStateException("HERALD_BASIC_USERS entries must be user:password");
                }
                String name = entry.substring(0, colon).strip();
                store.save(name, entry.substring(colon + 1));
                LOG.info(() -> "Basic user " + name + " ready");
            }
        });
    }
}
