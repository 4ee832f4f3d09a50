package herald.notifier;

import herald.access.Caller;
import herald.access.RequestCaller;
import herald.cluster.UserDrops;
import herald.sessions.Connections;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.logging.Logger;

/** {@code POST /drop_user}: closes every connection of a user in the audience, Courier and Notifier alike. */
@Path("drop_user")
@RequestScoped
@ConnectorsOnly
public class DropUserResource {

    static final int MAX_BODY_BYTES = 4096;

    private static final Logger LOG = Logger.getLogger(DropUserResource.class.getName());

    @Context
    HttpServletRequest request;

    @Inject
    Connections connections;

    @Inject
    RequestCaller callers;

    @Inject
    UserDrops userDrops;

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String drop(InputStream body) {
        Caller caller = callers.get();
        JsonValue json = ConnectorRequest.json(request, body, MAX_BODY_BYTES).value();
        if (json.getValueType() != JsonValue.ValueType.OBJECT
                || !(json.asJsonObject().get("drop_access_id") instanceof JsonString user)
                || user.getString().isEmpty()) {
            throw NotifierFailure.invalid("Body must be {\"drop_access_id\":\"<user>\"}");
        }
        int closed = connections.drop(caller.audience(), user.getString());
        userDrops.announce(caller.audience(), user.getString());
        LOG.fine(() -> "dropped " + closed + " connections of " + user.getString());
        return "true";
    }
}
