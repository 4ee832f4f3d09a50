package herald.courier;

import static herald.limits.JsonProviders.JSON;

import herald.access.Caller;
import herald.access.RequestCaller;
import herald.log.control.ConsumerPositions;
import herald.log.control.EventLog;
import herald.log.entity.Audience;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /v1/consumers}: the durable WebSocket consumers of the caller (every one of the audience for
 * {@code admin}), one row per consumer and topic, and forgetting one of the caller's.
 */
@Path("v1/consumers")
@RequestScoped
@BearerOnly
@Produces(MediaType.APPLICATION_JSON)
public class ConsumersResource {

    @Inject
    RequestCaller callers;

    @Inject
    EventLog log;

    @Inject
    ConsumerPositions positions;

    @GET
    public JsonArray list() {
        return rows(null, false);
    }

    /** A name may hold {@code /}: the path takes the rest of the URL. 404 when there is no such consumer. */
    @GET
    @Path("{name: .+}")
    public JsonArray named(@PathParam("name") String name) {
        return rows(name, true);
    }

    @DELETE
    @Path("{name: .+}")
    public Response forget(@PathParam("name") String name) {
        Caller caller = callers.get();
        Audience audience = CourierRequest.audience(log, caller);
        if (positions.forget(audience.id(), CourierSocket.subject(caller), name) == 0) {
            throw CourierFailure.consumerNotFound(name);
        }
        return Response.noContent().build();
    }

    private JsonArray rows(String name, boolean mustExist) {
        Caller caller = callers.get();
        Audience audience = CourierRequest.audience(log, caller);
        String subject = caller.hasRole(Caller.ADMIN) ? null : CourierSocket.subject(caller);
        List<ConsumerPositions.Row> rows = positions.list(audience.id(), subject, name);
        if (mustExist && rows.isEmpty()) {
            throw CourierFailure.consumerNotFound(name);
        }
        JsonArrayBuilder view = JSON.createArrayBuilder();
        for (ConsumerPositions.Row row : rows) {
            view.add(JSON.createObjectBuilder()
                    .add("consumer", row.consumer())
                    .add("subject", row.subject())
                    .add("topic", row.topic())
                    .add("offset", row.offset())
                    .add("head", row.head())
                    .add("lag", Math.max(0, row.head() - row.offset()))
                    .add("updated_at", CourierViews.time(row.updatedAt())));
        }
        return view.build();
    }
}
