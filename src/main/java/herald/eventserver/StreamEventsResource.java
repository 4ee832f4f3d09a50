package herald.eventserver;

import static herald.limits.JsonProviders.JSON;

import herald.access.Caller;
import herald.access.RequestCaller;
import herald.ids.RandomIds;
import herald.limits.UntrustedJson;
import herald.log.boundary.Publishing;
import herald.log.control.EventLog;
import herald.log.control.EventPosition;
import herald.log.control.Offsets;
import herald.log.control.TopicOwnedByOther;
import herald.log.entity.Event;
import herald.log.entity.Topic;
import jakarta.enterprise.context.RequestScoped;
import herald.limits.BodyLimit;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/streams/{stream}/events}: produce, pull and acknowledge (SPEC §5). Content negotiation is
 * checked here rather than with {@code @Consumes}/{@code @Produces}, because the original answers a wrong
 * media type with its own 400, not with a 406 or 415 page.
 */
@Path("api/v1/streams/{stream}/events")
@RequestScoped
@BasicOrBearer
public class StreamEventsResource {

    static final int MAX_LIMIT = 1000;

    @Context
    HttpServletRequest request;

    @Inject
    RequestCaller callers;

    @Inject
    Publishing publishing;

    @Inject
    EventLog log;

    @Inject
    Offsets offsets;

    @Inject
    BodyLimit bodyLimit;

    @POST
    public Response produce(@PathParam("stream") String stream, InputStream body) {
        Caller caller = callers.get();
        StreamRequest.requireJsonAccepted(request);
        StreamRequest.requireJsonContent(request);
        String producer = StreamRequest.requireId(request, "X-Producer-ID");
        StreamRequest.requireStreamName(stream);
        ProducedEvent event = ProducedEvent.parse(StreamRequest.body(request, body, bodyLimit.bytes()));
        UUID id = RandomIds.next();
        try {
            publishing.publishAsOwner(caller.audience(), stream, producer, List.of(event.draft(id)));
        } catch (TopicOwnedByOther e) {
            throw StreamFailure.locked();
        }
        return Replies.json(200, id.toString());
    }

    @GET
    public Response pull(@PathParam("stream") String stream, @QueryParam("eventName") String eventName,
                         @QueryParam("limit") String limit) {
        Caller caller = callers.get();
        StreamRequest.requireJsonAccepted(request);
        String consumer = StreamRequest.requireId(request, "X-Consumer-ID");
        StreamRequest.requireStreamName(stream);
        StreamRequest.requireEventName(eventName);
        int count = limit(limit);
        Topic topic = log.topic(caller.audience(), stream).orElseThrow(() -> StreamFailure.streamNotFound(stream));
        long offset = offsets.position(consumer, topic.id(), eventName);
        JsonArrayBuilder events = JSON.createArrayBuilder();
        for (Event event : log.readByName(topic.id(), eventName, offset, count)) {
            events.add(StreamEventView.of(event));
        }
        return Replies.json(200, events.build());
    }

    @POST
    @Path("{eventId}")
    public Response acknowledge(@PathParam("stream") String stream, @PathParam("eventId") String eventId,
                                InputStream body) {
        Caller caller = callers.get();
        StreamRequest.requireJsonAccepted(request);
        String consumer = StreamRequest.requireId(request, "X-Consumer-ID");
        StreamRequest.requireStreamName(stream);
        requireAckAction(StreamRequest.body(request, body, bodyLimit.bytes()));
        UUID id;
        try {
            id = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw StreamFailure.badRequest("event id must be a UUID");
        }
        Topic topic = log.topic(caller.audience(), stream).orElseThrow(StreamFailure::notFound);
        EventPosition position = log.position(id)
                .filter(event -> event.topicId() == topic.id())
                .orElseThrow(StreamFailure::notFound);
        offsets.acknowledge(consumer, position);
        return Replies.json(200, "OK");
    }

    private static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            throw StreamFailure.badRequest("limit is required");
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw StreamFailure.badRequest("limit must be an integer from 1 to " + MAX_LIMIT);
    }

    /** {@code action=ACK} as a form, or an empty JSON body ({@code {}} or {@code {"action":"ACK"}}). */
    private void requireAckAction(String body) {
        String contentType = request.getContentType();
        MediaType type = contentType == null || contentType.isBlank()
                ? null : StreamRequest.mediaType(contentType, "Content-Type");
        if (type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            if (!formAction(body).equals("ACK")) {
                throw StreamFailure.badRequest("action must be ACK");
            }
            return;
        }
        if (type != null && !StreamRequest.isJson(type)) {
            throw StreamFailure.badRequest("Content-Type must be application/x-www-form-urlencoded or application/json");
        }
        if (body.isBlank()) {
            return;
        }
        JsonValue read;
        try {
            read = UntrustedJson.read(body);
        } catch (UntrustedJson.UnacceptableJson e) {
            throw StreamFailure.badRequest(e.getMessage());
        } catch (JsonException e) {
            throw StreamFailure.badRequest("body must be empty, a JSON object or action=ACK");
        }
        if (read.getValueType() != JsonValue.ValueType.OBJECT) {
            throw StreamFailure.badRequest("body must be empty, a JSON object or action=ACK");
        }
        JsonObject json = read.asJsonObject();
        JsonValue action = json.get("action");
        if (action != null && !(action instanceof JsonString text && text.getString().equals("ACK"))) {
            throw StreamFailure.badRequest("action must be ACK");
        }
    }

    private static String formAction(String body) {
        try {
            return decodedAction(body);
        } catch (IllegalArgumentException e) {
            throw StreamFailure.badRequest("form body is not URL-encoded");
        }
    }

    private static String decodedAction(String body) {
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals("action")) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }
}
