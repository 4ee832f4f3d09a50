package herald.courier;

import herald.access.Caller;
import herald.access.Permissions;
import herald.access.RequestCaller;
import herald.limits.BodyLimit;
import herald.limits.ClientJson;
import herald.log.boundary.Publishing;
import herald.log.control.Audiences;
import herald.log.control.Draft;
import herald.log.entity.TopicName;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;

/**
 * {@code POST /v1/hook}: publish or broadcast from a server without a socket. Publishes in-process and
 * answers after commit with the body it received.
 */
@Path("v1/hook")
@RequestScoped
@BearerOnly
public class HooksResource {

    static final String CODE = "EHOOK_INVALID";

    @Context
    HttpServletRequest request;

    @Inject
    RequestCaller callers;

    @Inject
    Audiences audiences;

    @Inject
    Publishing publishing;

    @Inject
    BodyLimit bodyLimit;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject hook(InputStream body) {
        Caller caller = callers.get();
        CourierRequest.requireAudience(audiences, caller);
        ClientJson sent = CourierRequest.jsonObject(request, body, bodyLimit.bytes(), CODE);
        JsonObject hook = sent.value().asJsonObject();
        JsonValue action = hook.get("action");
        if (!(action instanceof JsonString name) || name.getString().isEmpty()) {
            throw CourierFailure.invalid(CODE, "Action name is missing");
        }
        JsonValue message = hook.get("message");
        switch (name.getString()) {
            case "publish" -> {
                String topic = TopicsResource.topicName(hook.get("topic"), CODE);
                requireObject(message);
                if (!Permissions.mayWrite(caller, topic)) {
                    throw CourierFailure.forbidden("Publishing to " + topic + " needs the connector or admin role");
                }
                publishing.publish(caller.audience(), topic, List.of(new Draft("message", sent.raw("message"))));
            }
            case "broadcast" -> {
                requireObject(message);
                publishing.publish(caller.audience(), TopicName.BROADCAST,
                        List.of(new Draft("broadcast", sent.raw("message"))));
            }
            default -> throw CourierFailure.invalid(CODE, "Action name is invalid");
        }
        return hook;
    }

    private static void requireObject(JsonValue message) {
        if (message == null || message.getValueType() != JsonValue.ValueType.OBJECT) {
            throw CourierFailure.invalid(CODE, "Message must be an object");
        }
    }
}
