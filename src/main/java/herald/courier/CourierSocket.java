package herald.courier;

import static herald.limits.JsonProviders.JSON;

import herald.access.Caller;
import herald.access.Permissions;
import herald.limits.BodyLimit;
import herald.limits.ClientJson;
import herald.limits.UntrustedJson;
import herald.log.boundary.AckBeyondHead;
import herald.log.boundary.AckQueueFull;
import herald.log.boundary.Acks;
import herald.log.boundary.AppendQueueFull;
import herald.log.boundary.Appended;
import herald.log.boundary.Publishing;
import herald.log.control.ConsumerPositions;
import herald.log.control.Draft;
import herald.log.control.EventLog;
import herald.log.entity.TopicName;
import herald.sessions.Connection;
import herald.sessions.Connections;
import herald.sessions.Wire;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /ws}: the Courier socket. The original protocol by default; {@code herald.v1} when the client asks
 * for that subprotocol, which adds acks, error frames instead of closes, batched event frames and resume.
 * The endpoint only translates frames: connections, feeds and limits belong to {@link Connections}.
 */
@ServerEndpoint(value = "/ws", subprotocols = CourierSocket.HERALD_V1)
public class CourierSocket {

    static final String HERALD_V1 = "herald.v1";
    static final String DOOR = "courier";
    /** A frame may be this much larger than the body it carries (action, topic, ref). */
    static final int FRAME_ALLOWANCE = 1024;

    private static final Logger LOG = Logger.getLogger(CourierSocket.class.getName());

    @Inject
    Connections connections;

    @Inject
    Publishing publishing;

    @Inject
    EventLog log;

    @Inject
    BodyLimit bodyLimit;

    @Inject
    ConsumerPositions positions;

    @Inject
    Acks acks;

    private Connection connection;
    private boolean heraldV1;
    /** The topics this connection subscribed with a durable consumer, and that consumer: what acks move. */
    private final Map<String, ConsumerPositions.Key> durable = new ConcurrentHashMap<>();
    private final PipelinedPublishes uncommitted = new PipelinedPublishes();

    @OnOpen
    public void open(Session session) {
        session.setMaxTextMessageBufferSize(bodyLimit.bytes() + FRAME_ALLOWANCE);
        heraldV1 = HERALD_V1.equals(session.getNegotiatedSubprotocol());
        Caller caller = (Caller) session.getUserPrincipal();
        connections.admit(session, caller, DOOR, heraldV1).ifPresent(admitted -> {
            connection = admitted;
            admitted.outbox().offer(admitted.id());
            connections.follow(admitted, TopicName.BROADCAST, wire(), null, event -> true);
        });
    }

    @OnMessage
    public void message(String text) {
        if (connection == null) {
            return;
        }
        connection.heard();
        ClientJson read;
        try {
            read = UntrustedJson.parse(text);
        } catch (JsonException | IllegalStateException e) {
            connection.close(CloseReason.CloseCodes.NOT_CONSISTENT, "Malformed JSON frame");
            return;
        }
        if (read.value().getValueType() != JsonValue.ValueType.OBJECT) {
            connection.close(CloseReason.CloseCodes.NOT_CONSISTENT, "Malformed JSON frame");
            return;
        }
        JsonObject frame = read.value().asJsonObject();
        JsonValue ref = frame.getOrDefault("ref", JsonValue.NULL);
        try {
            String action = frame.get("action") instanceof JsonString name ? name.getString() : "";
            if (heraldV1 && action.equals("ack")) {
                ack(frame, ref); // answered once the flush that stores it committed
                return;
            }
            if (action.equals("publish") || action.equals("broadcast")) {
                publish(action, frame, read, ref); // answered once committed: publishes pipeline
                return;
            }
            long seq = act(action, frame);
            if (heraldV1) {
                connection.outbox().offer(reply("ack", ref).add("seq", seq).build().toString());
            }
        } catch (Refusal refusal) {
            refuse(refusal, ref);
        } catch (AppendQueueFull busy) {
            refuse(new Refusal("ESERVER_BUSY", CloseReason.CloseCodes.TRY_AGAIN_LATER, busy.getMessage()), ref);
        } catch (RuntimeException failure) {
            refuse(unexpected(failure), ref);
        }
    }

    /** The database gone, a bug: the client hears of it with the incident id the log holds, never silence. */
    private Refusal unexpected(Throwable failure) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure on connection " + connection.id() + ", incident " + incident, failure);
        return new Refusal("ESERVER_UNKNOWN", CloseReason.CloseCodes.UNEXPECTED_CONDITION,
                "Internal Server Error - " + incident);
    }

    private void refuse(Refusal refusal, JsonValue ref) {
        if (heraldV1) {
            connection.outbox().offer(reply("error", ref)
                    .add("code", refusal.code()).add("error", refusal.getMessage()).build().toString());
        } else {
            connection.close(refusal.closeCode(), refusal.getMessage());
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (connection != null) {
            connection.heard();
        }
    }

    @OnClose
    public void closed(Session session) {
        connections.closed(session);
    }

    @OnError
    public void failed(Session session, Throwable failure) {
        connections.failed(session, DOOR, failure);
    }

    /** Performs one client action other than a publish; returns the seq its ack reports. */
    private long act(String action, JsonObject frame) {
        return switch (action) {
            case "subscribe" -> {
                String topic = topic(frame);
                if (!Permissions.mayRead(connection.caller(), topic)) {
                    throw new Refusal("ETOPIC_FORBIDDEN", Refusal.POLICY, "Topic " + topic + " is not allowed");
                }
                String consumer = consumer(frame);
                if (consumer == null) {
                    yield connections.follow(connection, topic, wire(), since(frame, topic), event -> true);
                }
                yield followDurably(topic, consumer, since(frame, topic));
            }
            case "unsubscribe" -> {
                String topic = topic(frame);
                durable.remove(topic);
                yield connections.unfollow(connection, topic);
            }
            default -> throw new Refusal("EACTION_UNKNOWN", Refusal.POLICY,
                    action.isEmpty() ? "Action name is missing" : "Unknown action " + action);
        };
    }

    /**
     * Subscribes as the durable consumer: from its stored position in the topic, or, new to the topic, from
     * {@code since} or the head, which is stored as its position (the topic is created for that if needed).
     */
    private long followDurably(String topic, String consumer, Long since) {
        Caller caller = connection.caller();
        log.ensureTopic(caller.audience(), topic);
        long topicId = log.topic(caller.audience(), topic).orElseThrow().id();
        ConsumerPositions.Key key = new ConsumerPositions.Key(topicId, subject(caller), consumer);
        long start = positions.resume(key, since);
        durable.put(topic, key);
        return connections.follow(connection, topic, wire(), start, event -> true);
    }

    /**
     * herald.v1 {@code ack}: queues the seq for the topic's durable consumer; the ack frame (the consumer's
     * position afterwards) or the error frame follows the flush that covers it.
     */
    private void ack(JsonObject frame, JsonValue ref) {
        String topic = topic(frame);
        if (!(frame.get("seq") instanceof JsonNumber number && number.isIntegral() && number.bigIntegerValue().signum() >= 0
                && number.bigIntegerValue().bitLength() < 64)) {
            throw new Refusal("EMESSAGE_INVALID", Refusal.POLICY, "seq must be a non-negative integer");
        }
        ConsumerPositions.Key consumer = durable.get(topic);
        if (consumer == null) {
            throw new Refusal("ECONSUMER_UNSUBSCRIBED", Refusal.POLICY,
                    "Topic " + topic + " is not subscribed with a consumer on this connection");
        }
        acks.ack(consumer, number.longValue()).whenComplete((position, failure) -> {
            Throwable cause = unwrapped(failure);
            if (cause == null) {
                connection.outbox().offer(reply("ack", ref).add("seq", position).build().toString());
            } else if (cause instanceof AckBeyondHead beyond) {
                refuse(new Refusal("ESEQ_INVALID", Refusal.POLICY, beyond.getMessage()), ref);
            } else if (cause instanceof AckQueueFull busy) {
                refuse(new Refusal("ESERVER_BUSY", CloseReason.CloseCodes.TRY_AGAIN_LATER, busy.getMessage()), ref);
            } else {
                refuse(unexpected(cause), ref);
            }
        });
    }

    /** herald.v1 {@code consumer}: null when absent; 1–128 printable ASCII characters. */
    private String consumer(JsonObject frame) {
        JsonValue consumer = frame.get("consumer");
        if (!heraldV1 || consumer == null || consumer.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (consumer instanceof JsonString text && ConsumerName.isValid(text.getString())) {
            return text.getString();
        }
        throw new Refusal("ECONSUMER_INVALID", Refusal.POLICY, "consumer must be 1-128 printable ASCII characters");
    }

    /** Consumers are per (audience, subject); a token without {@code sub} has the subject "". */
    static String subject(Caller caller) {
        return caller.subject() == null ? "" : caller.subject();
    }

    /**
     * Queues a {@code publish} or {@code broadcast} for the log and answers it once committed: the ack with
     * its seq (herald.v1), or the refusal. Publishes commit in the order sent, and are answered in that order.
     */
    private void publish(String action, JsonObject frame, ClientJson sent, JsonValue ref) {
        boolean broadcast = action.equals("broadcast");
        String topic = broadcast ? TopicName.BROADCAST : writableTopic(frame);
        CompletableFuture<Appended> committed = publishing.publishLater(connection.caller().audience(), topic,
                List.of(new Draft(broadcast ? "broadcast" : "message", message(frame, sent))));
        uncommitted.add(committed);
        committed.whenComplete((appended, failure) -> {
            Throwable cause = unwrapped(failure);
            if (cause == null) {
                if (heraldV1) {
                    connection.outbox().offer(reply("ack", ref).add("seq", appended.lastSeq()).build().toString());
                }
            } else {
                refuse(cause instanceof Refusal refusal ? refusal : unexpected(cause), ref);
            }
        });
    }

    /** What failed, out of the wrapper a dependent stage puts around it. */
    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
    }

    private String writableTopic(JsonObject frame) {
        String topic = topic(frame);
        if (!Permissions.mayWrite(connection.caller(), topic)) {
            throw new Refusal("ETOPIC_FORBIDDEN", Refusal.POLICY, "Publishing to " + topic + " is not allowed");
        }
        return topic;
    }

    /** The frame's message as it was sent, byte for byte (SPEC §1). */
    private String message(JsonObject frame, ClientJson sent) {
        JsonValue message = frame.get("message");
        if (message == null || message.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Refusal("EMESSAGE_INVALID", Refusal.POLICY, "Message must be an object");
        }
        String body = sent.raw("message");
        if (body.length() > bodyLimit.bytes()) {
            throw new Refusal("EBODY_TOO_LARGE", Refusal.TOO_BIG, "Message exceeds " + bodyLimit.bytes() + " bytes");
        }
        return body;
    }

    private static String topic(JsonObject frame) {
        return TopicField.read(frame.get("topic"), message -> new Refusal("ETOPIC_INVALID", Refusal.POLICY, message));
    }

    /** herald.v1 {@code since}: a seq, or an RFC 3339 time; null for live only. */
    private Long since(JsonObject frame, String topic) {
        JsonValue since = frame.get("since");
        if (!heraldV1 || since == null || since.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (since instanceof JsonNumber number && number.isIntegral() && number.longValue() >= 0) {
            return number.longValue();
        }
        if (since instanceof JsonString text) {
            try {
                Instant time = OffsetDateTime.parse(text.getString()).toInstant();
                return log.seqBefore(connection.caller().audience(), topic, time);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new Refusal("EMESSAGE_INVALID", Refusal.POLICY, "since must be a seq or an RFC 3339 time");
    }

    private Wire wire() {
        return heraldV1 ? CourierWires.HERALD_V1 : CourierWires.ORIGINAL;
    }

    private static JsonObjectBuilder reply(String type, JsonValue ref) {
        return JSON.createObjectBuilder().add("type", type).add("ref", ref);
    }
}
