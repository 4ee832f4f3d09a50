package herald.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A route whose author forgot its door's binding, deployed by UnguardedRouteIT only (a top-level class: the WAR holds no test class around it). */
@Path("forgotten")
public class ForgottenResource {

    @GET
    public String get() {
        return "reached";
    }
}
