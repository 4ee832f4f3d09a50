package herald.notifier;

import herald.access.Caller;
import herald.access.Permissions;
import herald.access.RequestCaller;
import herald.limits.ClientJson;
import herald.log.boundary.Publishing;
import herald.log.control.Draft;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /push_events}: a connector's batch of notifications, validated whole and committed in one
 * transaction (one row lock per user topic, one JDBC batch) or not at all. Users without a connection get
 * theirs on their next announcement.
 */
@Path("push_events")
@RequestScoped
@ConnectorsOnly
public class PushEventsResource {

    @Context
    HttpServletRequest request;

    @Inject
    Publishing publishing;

    @Inject
    RequestCaller callers;

    @Inject
    @ConfigProperty(name = "herald.notifier.max-batch-bytes", defaultValue = "4194304")
    int maxBatchBytes;

    @Inject
    @ConfigProperty(name = "herald.notifier.max-batch-events", defaultValue = "1000")
    int maxBatchEvents;

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String push(InputStream body) {
        Caller caller = callers.get();
        ClientJson sent = ConnectorRequest.json(request, body, maxBatchBytes);
        JsonValue json = sent.value();
        if (json.getValueType() != JsonValue.ValueType.ARRAY) {
            throw NotifierFailure.invalid("Body must be a JSON array of events");
        }
        JsonArray events = json.asJsonArray();
        if (events.size() > maxBatchEvents) {
            throw NotifierFailure.invalid("At most " + maxBatchEvents + " events per call (got " + events.size() + ")");
        }
        Map<String, List<Draft>> byUser = new LinkedHashMap<>();
        List<String> payloads = sent.rawOfEach("payload"); // stored as sent (SPEC §1)
        for (int i = 0; i < events.size(); i++) {
            PushedEvent event;
            try {
                event = PushedEvent.of(events.get(i), payloads.get(i));
            } catch (IllegalArgumentException e) {
                throw NotifierFailure.invalid("event[" + i + "]: " + e.getMessage());
            }
            byUser.computeIfAbsent(Permissions.userTopic(event.accessId()), topic -> new ArrayList<>()).add(event.draft());
        }
        if (!byUser.isEmpty()) {
            publishing.publishAll(caller.audience(), byUser);
        }
        return "true";
    }
}
