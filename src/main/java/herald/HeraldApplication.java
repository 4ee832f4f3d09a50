package herald;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * Herald's HTTP API. Every door lives at its original path under the context root {@code /}, so the
 * application path is the root and each resource carries its full path.
 */
@ApplicationPath("/")
@DeclareRoles({"connector", "admin"})
public class HeraldApplication extends Application {
}
