package herald.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.log.boundary.Appended;
import herald.log.boundary.Batches;
import herald.log.entity.Event;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Where a feed starts and how replay joins live, without a container or a database. Ids: sessions' package-info. */
class TopicFeedTest {

    /** One frame per event, its seq: what reaches the client is then the list of seqs it received. */
    static final Wire SEQS = (outbox, topic, events, source) ->
            events.forEach(event -> outbox.offerEvent(new OutgoingText(Long.toString(event.seq())), false, 0));

    final RecordingRemote remote = new RecordingRemote();
    final Outbox outbox = remote.outbox(1 << 20, false);

    @Test
    void aLiveFeedStartsExactlyAfterTheHeadItWasAckedWith() { // [WS-SEAM]
        TopicFeed feed = new TopicFeed(outbox, "orders", SEQS, event -> true);
        feed.deliver(batch(20, 22)); // handed over between joining the broker and reading the head (21)
        feed.startLive(21);
        feed.deliver(batch(23, 23));
        assertEquals(List.of("22", "23"), remote.frames);
    }

    @Test
    void nothingIsSentBeforeTheFeedKnowsWhereItStarts() { // [WS-SEAM]
        TopicFeed feed = new TopicFeed(outbox, "orders", SEQS, event -> true);
        feed.deliver(batch(1, 3));
        assertEquals(List.of(), remote.frames);
        feed.startLive(0);
        assertEquals(List.of("1", "2", "3"), remote.frames);
    }

    @Test
    void replayJoinsLiveWithoutGapOrDuplicate() { // [WS-SEAM]
        TopicFeed feed = new TopicFeed(outbox, "orders", SEQS, event -> true);
        List<Event> log = events(1, 1_203);
        TopicFeed.LogReader reader = (topicId, afterSeq, limit) -> {
            if (afterSeq == 1_000) {
                feed.deliver(batch(1_001, 1_203)); // committed and announced while the replay reads its last pages
            }
            return log.stream().filter(event -> event.seq() > afterSeq).limit(limit).toList();
        };
        int replayed = feed.replay(reader, 7, 0, () -> true);
        feed.deliver(batch(1_204, 1_204));
        assertEquals(1_203, replayed);
        assertEquals(seqs(1, 1_204), remote.frames);
    }

    @Test
    void replayStartsAfterTheGivenSeqAndFiltersWhatTheConnectionWants() { // [WS-SEAM]
        Predicate<Event> evenOnly = event -> event.seq() % 2 == 0;
        TopicFeed feed = new TopicFeed(outbox, "orders", SEQS, evenOnly);
        List<Event> log = events(1, 10);
        feed.replay((topicId, afterSeq, limit) -> log.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList(),
                7, 5, () -> true);
        feed.deliver(batch(11, 12));
        assertEquals(List.of("6", "8", "10", "12"), remote.frames);
    }

    @Test
    void aReplayStopsReadingOnceTheConnectionHasClosed() { // [WS-CLEAN]
        TopicFeed feed = new TopicFeed(outbox, "orders", SEQS, event -> true);
        List<Event> log = events(1, 2_000);
        int[] reads = {0};
        feed.replay((topicId, afterSeq, limit) -> {
            reads[0]++;
            return log.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
        }, 7, 0, () -> false);
        assertEquals(1, reads[0], "one page, then the closed connection ends the replay");
    }

    @Test
    void aBacklogLargerThanTheQueueIsReplayedAtTheClientsPaceWithoutOverflow() throws Exception { // [WS-NEVER-BLOCK]
        remote.completing = false;
        AtomicInteger overflows = new AtomicInteger();
        Outbox small = remote.outbox(64 * 1024, false, overflows::incrementAndGet); // frames of at most 16 KiB
        Wire bodies = (outbox, topic, events, source) -> events.forEach(event -> outbox.offerEvent(new OutgoingText(event.body()), false, 0));
        TopicFeed feed = new TopicFeed(small, "orders", bodies, event -> true);
        List<Event> log = LongStream.rangeClosed(1, 1_200).mapToObj(seq -> event(seq, "x".repeat(2_000))).toList();
        Thread client = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                remote.completePending();
                Thread.onSpinWait();
            }
        });
        client.start();
        try {
            int replayed = feed.replay((topicId, afterSeq, limit) ->
                    log.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList(), 7, 0, () -> true);
            assertEquals(1_200, replayed, "4.8 MB through a 64 KiB queue");
            // the last page was queued when replay returned; the client takes it at its own pace
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (remote.sent() < 1_200 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } finally {
            client.interrupt();
            client.join();
        }
        assertEquals(0, overflows.get(), "never closed as a slow consumer");
        assertEquals(1_200, remote.sent());
    }

    @Test
    void liveEventsPastTheHeldLimitAreReadFromTheLogInstead() { // [WS-SEAM]
        TopicFeed feed = new TopicFeed(outbox, "orders", SEQS, event -> true);
        long committed = 100 + TopicFeed.HELD_LIMIT + 1;
        List<Event> log = events(1, committed);
        long[] visible = {100};
        int[] readsAfterTheBurst = {0};
        feed.replay((topicId, afterSeq, limit) -> {
            List<Event> page = log.stream().filter(e -> e.seq() > afterSeq && e.seq() <= visible[0]).limit(limit).toList();
            if (visible[0] == committed) {
                readsAfterTheBurst[0]++;
            } else if (page.size() < limit) {
                // the last page; right after this read a burst commits, more than a replaying feed holds
                visible[0] = committed;
                feed.deliver(batch(101, committed));
            }
            return page;
        }, 7, 0, () -> true);
        feed.deliver(batch(committed + 1, committed + 1));
        assertTrue(seqs(1, committed + 1).equals(remote.frames), "every seq once, in order; got "
                + remote.frames.size() + " frames, the last " + remote.frames.get(remote.frames.size() - 1));
        assertTrue(readsAfterTheBurst[0] > 0, "the dropped burst was read from the log");
    }

    private static Event event(long seq, String body) {
        return new Event(UUID.randomUUID(), 7, seq, "message", seq, null, body, null, 0, Instant.now());
    }

    private static List<String> seqs(long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(Long::toString).toList();
    }

    private static List<Event> events(long first, long last) {
        return batch(first, last).events();
    }

    private static Appended batch(long first, long last) {
        return Batches.of("acme", "orders", first, last);
    }
}
