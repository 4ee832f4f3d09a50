package herald.log.boundary;

import herald.log.entity.Event;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

/** Committed batches for unit tests of the delivery core: events {@code first..last} of one topic. */
public final class Batches {

    private Batches() {
    }

    public static Appended of(String audience, String topic, long firstSeq, long lastSeq) {
        List<Event> events = LongStream.rangeClosed(firstSeq, lastSeq)
                .mapToObj(seq -> new Event(UUID.randomUUID(), 7, seq, "message", seq, null, "{}", null, 0, Instant.now()))
                .toList();
        return new Appended(audience, 7, topic, events);
    }
}
