package herald.courier;

import static herald.limits.JsonProviders.JSON;

import herald.log.boundary.Appended;
import herald.log.entity.Event;
import herald.sessions.Outbox;
import herald.sessions.OutgoingText;
import herald.sessions.Wire;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** How Courier sockets carry events: the raw message (original) or event frames (herald.v1). */
final class CourierWires {

    /** The original protocol: each event is one text frame holding the published message as it was stored. */
    static final Wire ORIGINAL = new Wire() {
        @Override
        public void send(Outbox outbox, String topic, List<Event> events, Appended source) {
            List<OutgoingText> frames = source != null ? source.rendered(this, batch -> bodies(batch.events())) : bodies(events);
            long committed = source == null ? 0 : source.committedNanos();
            frames.forEach(frame -> outbox.offerEvent(frame, false, committed));
        }
    };

    /** herald.v1: each event an event frame, rendered once per batch however many connections receive it. */
    static final Wire HERALD_V1 = new Wire() {
        @Override
        public void send(Outbox outbox, String topic, List<Event> events, Appended source) {
            List<OutgoingText> frames = source != null
                    ? source.rendered(this, batch -> OutgoingText.each(render(batch.topic(), batch.events())))
                    : OutgoingText.each(render(topic, events));
            long committed = source == null ? 0 : source.committedNanos();
            frames.forEach(frame -> outbox.offerEvent(frame, true, committed));
        }
    };

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private CourierWires() {
    }

    private static List<OutgoingText> bodies(List<Event> events) {
        return events.stream().map(event -> new OutgoingText(event.body())).toList();
    }

    static List<String> render(String topic, List<Event> events) {
        String topicJson = JSON.createValue(topic).toString();
        return events.stream().map(event -> eventFrame(topicJson, event)).toList();
    }

    /** Built as text so the body goes out exactly as it was stored. */
    static String eventFrame(String topicJson, Event event) {
        return new StringBuilder(event.body().length() + 160)
                .append("{\"type\":\"event\",\"topic\":").append(topicJson)
                .append(",\"seq\":").append(event.seq())
                .append(",\"id\":\"").append(event.id())
                .append("\",\"name\":").append(JSON.createValue(event.name()))
                .append(",\"time\":\"").append(TIME.format(event.createdAt()))
                .append("\",\"body\":").append(event.body())
                .append('}').toString();
    }
}
