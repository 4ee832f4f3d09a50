package herald.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The outbound queue of one connection, against a recording client end. Ids: sessions' package-info. */
class OutboxTest {

    final RecordingRemote remote = new RecordingRemote();

    @Test
    void framesGoOutInTheOrderOfferedOneSendAtATime() { // [WS-NEVER-BLOCK]
        remote.completing = false;
        Outbox outbox = remote.outbox(1 << 20, false);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        assertEquals(List.of("a"), remote.frames, "b and c wait for a's completion");
        remote.completeAll();
        assertEquals(List.of("a", "b", "c"), remote.frames);
    }

    @Test
    void queuedEventFramesGoOutAsOneArrayWhereTheProtocolAllows() { // [WS-NEVER-BLOCK] herald.v1
        remote.completing = false;
        Outbox outbox = remote.outbox(1 << 20, true);
        outbox.offerEvent(new OutgoingText("{\"seq\":1}"), true, 0);
        outbox.offerEvent(new OutgoingText("{\"seq\":2}"), true, 0);
        outbox.offerEvent(new OutgoingText("{\"seq\":3}"), true, 0);
        outbox.offer("{\"type\":\"ack\"}");
        remote.completeAll();
        assertEquals(List.of("{\"seq\":1}", "[{\"seq\":2},{\"seq\":3}]", "{\"type\":\"ack\"}"), remote.frames);
    }

    @Test
    void whereFramesGoOutAsBytesTheMergedArrayIsTheSameMessage() { // herald.v1 through TyrusFrames
        List<String> written = new ArrayList<>();
        FrameWriter bytes = new FrameWriter() {
            @Override
            public boolean sendsEncoded() {
                return true;
            }

            @Override
            public int framesPerWrite() {
                return 1;
            }

            @Override
            public void send(List<OutgoingText> frames, SendHandler done) {
                OutgoingText text = frames.get(0);
                byte[] frame = text.frame();
                written.add(new String(frame, text.payloadOffset(), frame.length - text.payloadOffset(), StandardCharsets.UTF_8));
                done.onResult(new SendResult());
            }

            @Override
            public void sendPing() {
            }
        };
        List<Runnable> writers = new ArrayList<>();
        Outbox outbox = new Outbox(bytes, 1 << 20, true, () -> { }, (events, nanos) -> { }, writers::add);
        outbox.offerEvent(new OutgoingText("{\"seq\":1}"), true, 0);
        outbox.offerEvent(new OutgoingText("{\"n\":\"é\"}"), true, 0);
        outbox.offer("{\"type\":\"ack\"}");
        writers.forEach(Runnable::run);
        assertEquals(List.of("[{\"seq\":1},{\"n\":\"é\"}]", "{\"type\":\"ack\"}"), written);
    }

    @Test
    void aClientThatFallsBehindOverflowsOnceAndGetsNothingMore() { // [WS-NEVER-BLOCK]
        remote.completing = false;
        AtomicInteger overflows = new AtomicInteger();
        Outbox outbox = remote.outbox(100, false, overflows::incrementAndGet);
        assertTrue(outbox.offer("x".repeat(20))); // in flight
        assertTrue(outbox.offer("y".repeat(40))); // 80 bytes queued
        assertFalse(outbox.offer("z".repeat(20)), "past the limit: refused, never blocking");
        assertFalse(outbox.offer("late"));
        remote.completeAll();
        assertEquals(1, overflows.get());
        assertEquals(List.of("x".repeat(20)), remote.frames, "the queue was dropped");
    }

    @Test
    void aCloseWaitsForTheFramesQueuedBeforeIt() { // [WS-CLEAN]
        remote.completing = false;
        Outbox outbox = remote.outbox(1 << 20, false);
        List<String> order = new ArrayList<>();
        outbox.offer("refusal text");
        outbox.offer("more");
        outbox.closeThen(() -> order.add("closed after " + remote.frames.size() + " frames"));
        assertFalse(outbox.offer("after close"));
        assertEquals(List.of(), order);
        remote.completeAll();
        assertEquals(List.of("closed after 2 frames"), order);
    }

    @Test
    void sendsStartWithThePlatformClassLoaderAndGiveTheThreadItsOwnBack() { // STACK.md 14: no per-send jar scans
        Outbox outbox = remote.outbox(1 << 20, false);
        ClassLoader own = new ClassLoader(getClass().getClassLoader()) {
        };
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(own);
        try {
            outbox.offer("a");
            outbox.ping();
            assertSame(own, thread.getContextClassLoader(), "restored after the send");
        } finally {
            thread.setContextClassLoader(before);
        }
        assertSame(ClassLoader.getPlatformClassLoader(), remote.sendLoaders.get(0));
        assertEquals(1, remote.pings);
    }

    @Test
    void aFailedSendStopsEverythingQueuedAndACloseAskedAfterwardsStillRuns() { // [WS-CLEAN]
        remote.completing = false;
        Outbox outbox = remote.outbox(1 << 20, false);
        outbox.offer("a");
        outbox.offer("b");
        remote.failOldest();
        assertFalse(outbox.offer("c"), "a broken connection accepts nothing more");
        remote.completeAll();
        assertEquals(List.of("a"), remote.frames, "b was dropped, not written to a broken connection");
        List<String> closes = new ArrayList<>();
        outbox.closeThen(() -> closes.add("closed"));
        assertEquals(List.of("closed"), closes, "nothing in flight: the close runs at once");
    }

    @Test
    void anOverflowLetsTheFrameOnTheWireFinishBeforeTheClose() { // [WS-CLEAN] a close never cuts a frame in two
        remote.completing = false;
        List<String> closes = new ArrayList<>();
        Outbox[] outbox = new Outbox[1];
        outbox[0] = remote.outbox(100, false, () -> outbox[0].closeThen(() -> closes.add("closed")));
        outbox[0].offer("x".repeat(20)); // in flight
        outbox[0].offer("y".repeat(60)); // refused: overflow
        assertEquals(List.of(), closes, "x is still being written");
        remote.completePending();
        assertEquals(List.of("closed"), closes);
        assertEquals(List.of("x".repeat(20)), remote.frames);
    }

    @Test
    void aCloseIsAskedForOnlyOnce() { // [WS-CLEAN]
        Outbox outbox = remote.outbox(1 << 20, false);
        List<String> closes = new ArrayList<>();
        outbox.closeThen(() -> closes.add("first"));
        outbox.closeThen(() -> closes.add("second"));
        Outbox stopped = remote.outbox(1 << 20, false);
        stopped.close();
        stopped.closeThen(() -> closes.add("after close()"));
        assertEquals(List.of("first"), closes);
    }

    @Test
    void framesQueuedBehindASendGoOutInOneWriteWhereTheContainerBatches() { // [WS-NEVER-BLOCK] Undertow
        remote.batches = true;
        remote.completing = false;
        Outbox outbox = remote.outbox(1 << 20, false);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        outbox.offer("d");
        assertEquals(List.of(List.of("a")), remote.writes, "b, c and d wait for a's completion");
        remote.completeAll();
        assertEquals(List.of(List.of("a"), List.of("b", "c", "d")), remote.writes, "one write for all that queued");
        assertEquals(List.of("a", "b", "c", "d"), remote.frames, "each still a frame of its own, in order");
    }

    @Test
    void aWriteStopsAtItsFrameLimitAndBeforeAPing() { // [WS-NEVER-BLOCK] [WS-HEARTBEAT]
        remote.batches = true;
        remote.completing = false;
        Outbox outbox = remote.outbox(1 << 20, false);
        for (int i = 0; i < 70; i++) {
            outbox.offer("f" + i);
        }
        outbox.ping();
        outbox.offer("after ping");
        remote.completeAll();
        assertEquals(List.of(1, FrameWriter.FRAMES_PER_WRITE, 70 - 1 - FrameWriter.FRAMES_PER_WRITE, 1),
                remote.writes.stream().map(List::size).toList());
        assertEquals(1, remote.pings);
        assertEquals("after ping", remote.frames.get(70));
    }

    @Test
    void aContainerWithoutBatchingGetsOneFramePerWrite() { // [WS-NEVER-BLOCK] Tyrus's standard API
        remote.completing = false;
        Outbox outbox = remote.outbox(1 << 20, false);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        remote.completeAll();
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c")), remote.writes);
    }

    @Test
    void aBatchReportsItsFirstFailureOnceAndNothingAfter() throws IOException { // [WS-CLEAN]
        remote.batches = true;
        remote.completing = false;
        List<SendResult> results = new ArrayList<>();
        new ContainerFrames(remote).send(List.of(new OutgoingText("b"), new OutgoingText("c"), new OutgoingText("d")),
                results::add);
        remote.failOldest();
        remote.completePending();
        assertEquals(1, results.size());
        assertFalse(results.get(0).isOK());
    }

    @Test
    void aBatchCompletesOnceWhenAllItsFramesAreOut() throws IOException { // [WS-NEVER-BLOCK]
        remote.batches = true;
        remote.completing = false;
        List<SendResult> results = new ArrayList<>();
        new ContainerFrames(remote).send(List.of(new OutgoingText("b"), new OutgoingText("c")), results::add);
        assertEquals(List.of(), results);
        remote.completePending();
        assertEquals(1, results.size());
        assertTrue(results.get(0).isOK());
    }
}
