package herald.courier;

import herald.access.Caller;
import herald.access.RequestCaller;
import herald.log.control.EventLog;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.json.JsonObject;

/** {@code POST /v1/audience}: creates the token's audience; a second call returns it unchanged. */
@Path("v1/audience")
@RequestScoped
@BearerOnly
public class AudiencesResource {

    @Inject
    RequestCaller callers;

    @Inject
    EventLog log;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject create() {
        Caller caller = callers.get();
        log.ensureAudience(caller.audience());
        return CourierViews.audience(log.audience(caller.audience()).orElseThrow());
    }
}
