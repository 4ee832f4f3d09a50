package herald.log.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.log.control.Draft;
import herald.log.control.Reservation;
import herald.metrics.HeraldMetrics;
import herald.metrics.PrometheusText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * [LOG-GROUP] The appender's grouping, bound and failure isolation without a container or a database: the
 * group commit is scripted, the writer thread is real.
 */
class AppenderTest {

    /** Commits by recording the group; the first commit waits for {@link #release}, groups with "poison" fail. */
    static final class ScriptedCommits extends GroupCommit {
        final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch firstStarted = new CountDownLatch(1);

        @Override
        public List<Reservation> commit(List<AppendRequest> group) {
            groups.add(group.stream().map(request -> request.append.draftsByTopic().keySet().iterator().next()).toList());
            if (firstStarted.getCount() == 1) {
                firstStarted.countDown();
                await(release);
            }
            if (group.stream().anyMatch(request -> request.append.draftsByTopic().containsKey("poison"))) {
                throw new IllegalStateException("refused by the database");
            }
            List<Reservation> outcomes = new ArrayList<>();
            for (AppendRequest request : group) {
                String topic = request.append.draftsByTopic().keySet().iterator().next();
                outcomes.add(new Reservation(List.of(Batches.of(request.append.audience(), topic, 1, request.events)), null));
            }
            return outcomes;
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    final ScriptedCommits commits = new ScriptedCommits();
    final Appender appender = new Appender();
    final HeraldMetrics metrics = new HeraldMetrics();

    AppenderTest() {
        appender.groupCommit = commits;
        appender.metrics = metrics;
        appender.queueEvents = 1_000;
        appender.threads = QueueWriterTest.THREADS;
    }

    @AfterEach
    void stop() {
        commits.release.countDown();
        appender.stop();
    }

    @Test
    void aLoneAppendCommitsAtOnceInAGroupOfItsOwn() {
        commits.release.countDown();
        appender.start();
        assertEquals(1, append("orders").get(0).firstSeq());
        assertEquals(List.of(List.of("orders")), commits.groups);
    }

    @Test
    void appendsQueuedDuringACommitShareTheNextOne() throws Exception {
        appender.start();
        List<CompletableFuture<List<Appended>>> appends =
                queueBehindABlockedCommit("first", "later-0", "later-1", "later-2", "later-3", "later-4");
        commits.release.countDown();
        for (CompletableFuture<List<Appended>> each : appends) {
            each.get(10, TimeUnit.SECONDS);
        }
        assertEquals(2, commits.groups.size(), "no timer: one commit for the lone first, one for all that queued meanwhile");
        assertEquals(5, commits.groups.get(1).size());
    }

    @Test
    void pastTheQueueBoundAnAppendIsRefusedAtOnceAndNothingIsQueued() throws Exception {
        appender.queueEvents = 3;
        appender.start();
        List<CompletableFuture<List<Appended>>> appends = queueBehindABlockedCommit("first", "waiting-0", "waiting-1");
        assertThrows(AppendQueueFull.class, () -> append("one-too-many"));
        assertEquals(2, appender.waiting(), "the refused append was not queued");
        assertEquals(3, queueGauge(), "the gauge: the two waiting and the one being committed");
        commits.release.countDown();
        for (CompletableFuture<List<Appended>> each : appends) {
            each.get(10, TimeUnit.SECONDS);
        }
        assertEquals(1, append("after").size(), "room again once the queue drained");
        assertEquals(0, queueGauge());
    }

    @Test
    void aGroupThatFailsTogetherIsCommittedRequestByRequestSoOnlyTheCulpritFails() throws Exception {
        appender.start();
        List<CompletableFuture<List<Appended>>> appends = queueBehindABlockedCommit("first", "good-1", "poison", "good-2");
        commits.release.countDown();
        assertEquals(1, appends.get(1).get(10, TimeUnit.SECONDS).size());
        Exception refused = assertThrows(Exception.class, () -> appends.get(2).get(10, TimeUnit.SECONDS));
        assertEquals("refused by the database", refused.getCause().getMessage());
        assertEquals(1, appends.get(3).get(10, TimeUnit.SECONDS).size());
        assertEquals(List.of(List.of("first"), List.of("good-1", "poison", "good-2"),
                List.of("good-1"), List.of("poison"), List.of("good-2")), commits.groups);
    }

    /**
     * Appends to {@code first} (whose commit blocks until released), then to each other topic in turn once
     * the previous one is queued, so they wait in that order.
     */
    private List<CompletableFuture<List<Appended>>> queueBehindABlockedCommit(String first, String... others)
            throws InterruptedException {
        List<CompletableFuture<List<Appended>>> appends = new ArrayList<>();
        appends.add(CompletableFuture.supplyAsync(() -> append(first), runnable -> new Thread(runnable).start()));
        assertTrue(commits.firstStarted.await(10, TimeUnit.SECONDS));
        for (String topic : others) {
            appends.add(CompletableFuture.supplyAsync(() -> append(topic), runnable -> new Thread(runnable).start()));
            awaitWaiting(appends.size() - 1);
        }
        return appends;
    }

    private List<Appended> append(String topic) {
        return appender.append("acme", Map.of(topic, List.of(new Draft("message", "{}"))), null, false);
    }

    private double queueGauge() {
        return PrometheusText.value(metrics.scrape(), "herald_append_queue_events").orElseThrow();
    }

    private void awaitWaiting(int requests) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (appender.waiting() < requests && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(requests, appender.waiting());
    }
}
