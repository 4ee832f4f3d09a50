package herald.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import herald.log.boundary.Appended;
import herald.log.entity.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** [BROKER-ORDER] [BROKER-ISOLATION] without a container: the broker is plain Java behind its annotations. */
class BrokerTest {

    final Broker broker = new Broker();

    @Test
    void batchesAnnouncedOutOfOrderAreDeliveredInSeqOrder() {
        Recorder recorder = new Recorder();
        broker.subscribe("acme", "orders", recorder);
        broker.deliver(batch("acme", "orders", 1, 2));
        broker.deliver(batch("acme", "orders", 6, 6));
        broker.deliver(batch("acme", "orders", 4, 5));
        assertEquals(List.of(1L, 2L), recorder.seqs, "4-6 wait for 3");
        broker.deliver(batch("acme", "orders", 3, 3));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), recorder.seqs);
    }

    @Test
    void aBatchAlreadyDeliveredIsNotDeliveredAgain() {
        Recorder recorder = new Recorder();
        broker.subscribe("acme", "orders", recorder);
        broker.deliver(batch("acme", "orders", 1, 3));
        broker.deliver(batch("acme", "orders", 2, 3));
        broker.deliver(batch("acme", "orders", 4, 4));
        assertEquals(List.of(1L, 2L, 3L, 4L), recorder.seqs);
    }

    @Test
    void subscribersHearOnlyTheirTopicInTheirAudience() {
        Recorder orders = new Recorder();
        Recorder otherAudience = new Recorder();
        broker.subscribe("acme", "orders", orders);
        broker.subscribe("globex", "orders", otherAudience);
        broker.deliver(batch("acme", "orders", 1, 1));
        broker.deliver(batch("acme", "invoices", 1, 1));
        assertEquals(List.of(1L), orders.seqs);
        assertEquals(List.of(), otherAudience.seqs);
    }

    @Test
    void unsubscribedSubscribersHearNothingMore() {
        Recorder recorder = new Recorder();
        broker.subscribe("acme", "orders", recorder);
        broker.deliver(batch("acme", "orders", 1, 1));
        broker.unsubscribe("acme", "orders", recorder);
        broker.deliver(batch("acme", "orders", 2, 2));
        assertEquals(List.of(1L), recorder.seqs);
        assertEquals(0, broker.subscriptions());
    }

    @Test
    void aFailingSubscriberDoesNotStopTheOthers() {
        Recorder recorder = new Recorder();
        broker.subscribe("acme", "orders", batch -> {
            throw new IllegalStateException("broken subscriber");
        });
        broker.subscribe("acme", "orders", recorder);
        broker.deliver(batch("acme", "orders", 1, 1));
        broker.deliver(batch("acme", "orders", 2, 2));
        assertEquals(List.of(1L, 2L), recorder.seqs);
    }

    static Appended batch(String audience, String topic, long firstSeq, long lastSeq) {
        List<Event> events = LongStream.rangeClosed(firstSeq, lastSeq)
                .mapToObj(seq -> new Event(UUID.randomUUID(), 7, seq, "message", seq, null, "{}", null, 0, Instant.now()))
                .toList();
        return new Appended(audience, 7, topic, events);
    }

    static final class Recorder implements Subscriber {
        final List<Long> seqs = new ArrayList<>();

        @Override
        public void deliver(Appended batch) {
            batch.events().forEach(event -> seqs.add(event.seq()));
        }
    }
}
