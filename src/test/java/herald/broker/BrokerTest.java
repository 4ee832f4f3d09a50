package herald.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.log.boundary.Appended;
import herald.log.boundary.Batches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The broker and its topic channels without a container: plain Java behind the annotations. Each test names
 * the guarantee of {@code herald.broker}'s package-info it checks.
 */
class BrokerTest {

    final Broker broker = new Broker();

    @Test
    void batchesAnnouncedOutOfOrderAreDeliveredInSeqOrder() { // [BROKER-ORDER]
        Recorder recorder = new Recorder();
        broker.subscribe("acme", "orders", recorder).startAfter(0);
        broker.deliver(batch("acme", "orders", 1, 2));
        broker.deliver(batch("acme", "orders", 6, 6));
        broker.deliver(batch("acme", "orders", 4, 5));
        assertEquals(List.of(1L, 2L), recorder.seqs, "4-6 wait for 3");
        broker.deliver(batch("acme", "orders", 3, 3));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), recorder.seqs);
    }

    @Test
    void aBatchAlreadyDeliveredIsNotDeliveredAgain() { // [BROKER-ORDER]
        Recorder recorder = new Recorder();
        broker.subscribe("acme", "orders", recorder).startAfter(0);
        broker.deliver(batch("acme", "orders", 1, 3));
        broker.deliver(batch("acme", "orders", 2, 3));
        broker.deliver(batch("acme", "orders", 4, 4));
        assertEquals(List.of(1L, 2L, 3L, 4L), recorder.seqs);
    }

    @Test
    void aFreshTopicsFirstSeqAnnouncedLastIsStillDelivered() { // [BROKER-START] issue 10's lost seq 1
        Recorder recorder = new Recorder();
        broker.subscribe("acme", "fresh", recorder).startAfter(0);
        broker.deliver(batch("acme", "fresh", 2, 2));
        broker.deliver(batch("acme", "fresh", 4, 4));
        broker.deliver(batch("acme", "fresh", 3, 3));
        assertEquals(List.of(), recorder.seqs, "2-4 wait for 1: the first batch seen is not where the topic starts");
        broker.deliver(batch("acme", "fresh", 1, 1));
        assertEquals(List.of(1L, 2L, 3L, 4L), recorder.seqs);
    }

    @Test
    void batchesOfferedBeforeTheHeadIsKnownAreHeldThenTrimmedToIt() { // [BROKER-START]
        Recorder recorder = new Recorder();
        Subscription subscription = broker.subscribe("acme", "orders", recorder);
        broker.deliver(batch("acme", "orders", 5, 7)); // committed around the time the head was read
        broker.deliver(batch("acme", "orders", 9, 9));
        assertEquals(List.of(), recorder.seqs, "nothing goes out before the subscriber's head is known");
        subscription.startAfter(6);
        assertEquals(List.of(7L), recorder.seqs, "7 is after the head; 8 is still to come");
        broker.deliver(batch("acme", "orders", 8, 8));
        assertEquals(List.of(7L, 8L, 9L), recorder.seqs);
    }

    @Test
    void aNewChannelStartsAfterTheLowestHeadOfThoseWhoJoinedWhileItStarted() { // [BROKER-START]
        Recorder early = new Recorder();
        Recorder late = new Recorder();
        Subscription first = broker.subscribe("acme", "orders", early);
        Subscription second = broker.subscribe("acme", "orders", late);
        broker.deliver(batch("acme", "orders", 6, 6)); // committed after the second read its head of 5
        first.startAfter(6);
        assertEquals(List.of(), early.seqs, "the channel still waits for the second subscriber's head");
        second.startAfter(5);
        assertEquals(List.of(6L), early.seqs, "subscribers trim what precedes their own head themselves");
        assertEquals(List.of(6L), late.seqs, "seq 6 was not lost to the other subscriber's higher head");
    }

    @Test
    void aSubscriberLeavingBeforeItStartedDoesNotBlockTheChannel() { // [BROKER-START]
        Recorder staying = new Recorder();
        Subscription stays = broker.subscribe("acme", "orders", staying);
        Subscription leaves = broker.subscribe("acme", "orders", new Recorder());
        broker.deliver(batch("acme", "orders", 3, 3));
        stays.startAfter(2);
        leaves.cancel();
        assertEquals(List.of(3L), staying.seqs);
    }

    @Test
    void aLateSubscriberOfATopicNobodyFollowedGetsNoHistory() { // [BROKER-START] issue 10's late subscriber
        Recorder before = new Recorder();
        Subscription earlier = broker.subscribe("acme", "orders", before);
        earlier.startAfter(0);
        broker.deliver(batch("acme", "orders", 1, 1));
        earlier.cancel();
        // seqs 2..21 are committed while nobody here follows the topic; the head is now 21
        Recorder after = new Recorder();
        broker.subscribe("acme", "orders", after).startAfter(21);
        broker.deliver(batch("acme", "orders", 22, 22));
        assertEquals(List.of(22L), after.seqs, "delivered at once, without waiting for 2..21");
        assertTrue(broker.gaps(Duration.ZERO).isEmpty(), "and nothing is left to repair");
    }

    @Test
    void aTopicWithoutSubscribersHoldsNothing() { // [BROKER-MEMORY]
        for (int topic = 0; topic < 1_000; topic++) {
            broker.deliver(batch("acme", "nobody-" + topic, 1, 1));
        }
        assertEquals(0, broker.followedTopics(), "batches nobody here follows leave no channel behind");
        Subscription subscription = broker.subscribe("acme", "orders", new Recorder());
        assertEquals(1, broker.followedTopics());
        subscription.cancel();
        subscription.cancel();
        assertEquals(0, broker.followedTopics(), "the last subscriber leaving releases the channel");
        assertEquals(0, broker.subscriptions());
    }

    @Test
    void aStartingChannelReportsNoGap() { // [BROKER-ORDER] the relay repairs only what a started channel misses
        Subscription subscription = broker.subscribe("acme", "orders", new Recorder());
        broker.deliver(batch("acme", "orders", 5, 5));
        assertTrue(broker.gaps(Duration.ZERO).isEmpty(), "before its start the channel cannot know what is missing");
        subscription.startAfter(2);
        assertEquals(List.of(new Broker.Gap("acme", "orders", 3, 4)), broker.gaps(Duration.ZERO));
    }

    @Test
    void subscribersHearOnlyTheirTopicInTheirAudience() { // [BROKER-ISOLATION]
        Recorder orders = new Recorder();
        Recorder otherAudience = new Recorder();
        broker.subscribe("acme", "orders", orders).startAfter(0);
        broker.subscribe("globex", "orders", otherAudience).startAfter(0);
        broker.deliver(batch("acme", "orders", 1, 1));
        broker.deliver(batch("acme", "invoices", 1, 1));
        assertEquals(List.of(1L), orders.seqs);
        assertEquals(List.of(), otherAudience.seqs);
    }

    @Test
    void unsubscribedSubscribersHearNothingMore() { // [BROKER-ISOLATION]
        Recorder recorder = new Recorder();
        Subscription subscription = broker.subscribe("acme", "orders", recorder);
        subscription.startAfter(0);
        broker.deliver(batch("acme", "orders", 1, 1));
        subscription.cancel();
        broker.deliver(batch("acme", "orders", 2, 2));
        assertEquals(List.of(1L), recorder.seqs);
        assertEquals(0, broker.subscriptions());
    }

    @Test
    void aFailingSubscriberDoesNotStopTheOthers() { // [BROKER-ISOLATION]
        Recorder recorder = new Recorder();
        broker.subscribe("acme", "orders", batch -> {
            throw new IllegalStateException("broken subscriber");
        }).startAfter(0);
        broker.subscribe("acme", "orders", recorder).startAfter(0);
        broker.deliver(batch("acme", "orders", 1, 1));
        broker.deliver(batch("acme", "orders", 2, 2));
        assertEquals(List.of(1L, 2L), recorder.seqs);
    }

    @Test
    void aSubscriberLeavingWhileABatchIsFannedOutLeavesTheOthersTheirs() { // [BROKER-ISOLATION] a slow consumer closed
        Recorder before = new Recorder();
        Recorder after = new Recorder();
        broker.subscribe("acme", "orders", before).startAfter(0);
        Subscription[] leaving = new Subscription[1];
        leaving[0] = broker.subscribe("acme", "orders", batch -> leaving[0].cancel());
        leaving[0].startAfter(0);
        broker.subscribe("acme", "orders", after).startAfter(0);
        broker.deliver(batch("acme", "orders", 1, 1));
        broker.deliver(batch("acme", "orders", 2, 2));
        assertEquals(List.of(1L, 2L), before.seqs);
        assertEquals(List.of(1L, 2L), after.seqs, "the one behind the leaver, in the same fan-out and the next");
        assertEquals(2, broker.subscriptions());
    }

    @Test
    void aSubscriberJoiningALiveChannelStartsAtItsPositionWithoutAHead() { // [BROKER-START]
        Recorder first = new Recorder();
        Subscription starting = broker.subscribe("acme", "orders", first);
        assertTrue(starting.livePosition().isEmpty(), "a starting channel: the head from the log decides");
        starting.startAfter(0);
        broker.deliver(batch("acme", "orders", 1, 3));
        Recorder late = new Recorder();
        Subscription live = broker.subscribe("acme", "orders", late);
        assertEquals(3, live.livePosition().orElseThrow());
        broker.deliver(batch("acme", "orders", 4, 4));
        assertEquals(List.of(4L), late.seqs, "exactly what came after its position");
        assertEquals(List.of(1L, 2L, 3L, 4L), first.seqs);
    }

    @Test
    void thousandsJoiningOneTopicEachHearEveryBatchOnce() { // [BROKER-ORDER] joins no longer copy the subscribers
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            broker.subscribe("acme", "$broadcast", recorder).startAfter(0);
            if (i == 2_500) {
                broker.deliver(batch("acme", "$broadcast", 1, 1));
            }
        }
        broker.deliver(batch("acme", "$broadcast", 2, 2));
        assertEquals(List.of(1L, 2L), recorders.get(0).seqs);
        assertEquals(List.of(1L, 2L), recorders.get(2_500).seqs);
        assertEquals(List.of(2L), recorders.get(2_501).seqs, "joined after seq 1 was fanned out");
        assertEquals(List.of(2L), recorders.get(4_999).seqs);
    }

    private static Appended batch(String audience, String topic, long firstSeq, long lastSeq) {
        return Batches.of(audience, topic, firstSeq, lastSeq);
    }

    static final class Recorder implements Subscriber {
        final List<Long> seqs = new ArrayList<>();

        @Override
        public void deliver(Appended batch) {
            batch.events().forEach(event -> seqs.add(event.seq()));
        }
    }
}
