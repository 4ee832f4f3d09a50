package herald.courier;

import static herald.limits.JsonProviders.JSON;

import herald.access.Caller;
import herald.access.RequestCaller;
import herald.log.control.EventLog;
import herald.log.entity.Audience;
import jakarta.enterprise.context.RequestScoped;
import herald.limits.BodyLimit;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;

/** {@code /v1/topic}: create a topic of the token's audience (idempotent) and list them by name. */
@Path("v1/topic")
@RequestScoped
@BearerOnly
@Produces(MediaType.APPLICATION_JSON)
public class TopicsResource {

    static final String CODE = "ETOPICS_INVALID";

    @Context
    HttpServletRequest request;

    @Inject
    RequestCaller callers;

    @Inject
    EventLog log;

    @Inject
    BodyLimit bodyLimit;

    @POST
    public JsonObject create(InputStream body) {
        Caller caller = callers.get();
        Audience audience = CourierRequest.audience(log, caller);
        String topic = topicName(CourierRequest.jsonObject(request, body, bodyLimit.bytes(), CODE).value().asJsonObject().get("topic"), CODE);
        log.ensureTopic(caller.audience(), topic);
        return CourierViews.topic(log.topic(caller.audience(), topic).orElseThrow(), audience);
    }

    @GET
    public JsonArray list() {
        Caller caller = callers.get();
        Audience audience = CourierRequest.audience(log, caller);
        JsonArrayBuilder topics = JSON.createArrayBuilder();
        log.topics(audience.id()).forEach(topic -> topics.add(CourierViews.topic(topic, audience)));
        return topics.build();
    }

    /** A topic name from a request body: 422 with the original's messages when missing or invalid. */
    static String topicName(JsonValue value, String code) {
        return TopicField.read(value, message -> CourierFailure.invalid(code, message));
    }
}
