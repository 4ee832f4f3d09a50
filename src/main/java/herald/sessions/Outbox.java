package herald.sessions;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The outbound queue of one connection: at most one asynchronous send in flight, frames queued behind it up
 * to a byte limit. Event frames queued back to back may go out as one frame holding a JSON array (herald.v1),
 * and the frames queued when a send starts go out together in one write where the container allows it
 * ({@link FrameWriter#framesPerWrite}): that is what lets a fast publisher and a slower link keep up with
 * each other.
 *
 * <p>Contract: {@link #offer} never blocks and never throws; frames are sent in the order offered; when the
 * queue would exceed its limit the frame is refused, the queue dropped and the overflow action runs once.
 * {@link #closeThen} lets the queued frames go out first, and never cuts a frame on the wire in two.
 */
public final class Outbox implements SendHandler {

    private final FrameWriter writer;
    private final long maxQueuedBytes;
    private final boolean batchEvents;
    private final Runnable onOverflow;
    private final DeliveryMeter onDelivered;
    private final Executor writers;

    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** Threads in {@link #awaitRoom}: only then does taking a frame wake anyone. */
    private int waitingForRoom;
    private Lifecycle lifecycle = Lifecycle.OPEN;
    private SendPhase phase = SendPhase.IDLE;
    /** Set while this outbox starts a send on the current thread: a completion arriving inline leaves the rest to it. */
    private boolean startingSend;
    /** What to do once the queue has gone out, after a close was asked for (null: nothing). */
    private Runnable whenDrained;
    /** Live events in the frame being sent, and the earliest commit among them (0: none known). */
    private int sendingEvents;
    private long sendingFirstCommit;

    /**
     * @param onDelivered told, for every frame of live events that went out, how many and how long after the
     *                    first one's commit
     * @param writers     threads that start sends, so that offering never writes to a socket
     */
    Outbox(FrameWriter writer, long maxQueuedBytes, boolean batchEvents, Runnable onOverflow,
           DeliveryMeter onDelivered, Executor writers) {
        this.writer = writer;
        this.maxQueuedBytes = maxQueuedBytes;
        this.batchEvents = batchEvents;
        this.onOverflow = onOverflow;
        this.onDelivered = onDelivered;
        this.writers = writers;
    }

    /**
     * The largest frame a sender should build, in the units the limit counts (two per character): a quarter
     * of the limit, so that a replay page or a big batch never overflows a connection that keeps up.
     */
    public long frameBudget() {
        return maxQueuedBytes / 4;
    }

    /**
     * Waits until at most {@code bytes} are queued: how a replay reads its next page only once the client
     * has taken the last one.
     *
     * @return false when the outbox closed meanwhile, or nothing moved within {@code timeout}
     */
    public synchronized boolean awaitRoom(long bytes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        waitingForRoom++;
        try {
            while (lifecycle.accepts() && queuedBytes > bytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return lifecycle.accepts();
        } finally {
            waitingForRoom--;
        }
    }

    /** Queues a control frame (sent on its own). */
    public boolean offer(String frame) {
        return offer(new OutgoingText(frame), false, 0);
    }

    /**
     * Queues a frame carrying an event.
     *
     * @param mergeable      whether it may be merged with neighbouring event frames into one array frame
     * @param committedNanos {@link System#nanoTime()} when the event's commit was announced, or 0 if unknown
     */
    public boolean offerEvent(OutgoingText frame, boolean mergeable, long committedNanos) {
        return offer(frame, mergeable, committedNanos);
    }

    private boolean offer(OutgoingText text, boolean event, long committedNanos) {
        synchronized (this) {
            if (!lifecycle.accepts()) {
                return false;
            }
            long size = text.queuedSize();
            if (queuedBytes + size <= maxQueuedBytes) {
                queue.add(new Frame(text, event, size, committedNanos));
                queuedBytes += size;
                schedule();
                return true;
            }
            lifecycle = Lifecycle.OVERFLOWED; // nothing more is queued; the overflow action closes the connection
            dropQueue();
        }
        onOverflow.run();
        return false;
    }

    /**
     * Queues a ping. Pings go through the queue like frames: a ping written while a frame is still being
     * written could interleave with it on the wire. A connection stuck behind its in-flight send therefore
     * pings nobody, gets no pong and is closed by the heartbeat, as it should be.
     */
    public synchronized void ping() {
        if (lifecycle.accepts()) {
            queue.add(PING);
            schedule();
        }
    }

    /**
     * Accepts no more frames and runs {@code then} (closing the session) once the frames queued so far have
     * gone out: a close frame written while a frame is half on the wire would corrupt the stream, and a
     * refusal's explanation should precede the close. Runs {@code then} at most once.
     */
    public void closeThen(Runnable then) {
        Runnable finisher;
        synchronized (this) {
            if (lifecycle.closeRequested()) {
                return;
            }
            lifecycle = lifecycle.sends() ? Lifecycle.DRAINING : Lifecycle.CLOSED;
            wakeRoomWaiters();
            whenDrained = then;
            schedule();
            finisher = finisherIfDrained();
        }
        run(finisher);
    }

    /** Stops sending at once; queued frames are dropped. For sessions that are closing anyway. */
    public synchronized void close() {
        lifecycle = Lifecycle.CLOSED;
        dropQueue();
        whenDrained = null;
    }

    @Override
    public void onResult(SendResult result) {
        Runnable finisher;
        synchronized (this) {
            phase = SendPhase.IDLE;
            if (result.isOK() && sendingEvents > 0) {
                onDelivered.delivered(sendingEvents, System.nanoTime() - sendingFirstCommit);
            }
            sendingEvents = 0;
            sendingFirstCommit = 0;
            if (!result.isOK()) {
                failed();
            } else if (!startingSend) {
                pump();
            }
            finisher = startingSend ? null : finisherIfDrained(); // inline: pump's caller finishes
        }
        run(finisher);
    }

    /**
     * Hands the start of sending to a writer thread: the publisher's thread only queues, so a fan-out to many
     * connections costs it one queue offer each, and frames queued meanwhile go out together (herald.v1).
     * Once sending, completions keep the queue moving on the container's own threads.
     */
    private void schedule() {
        if (phase == SendPhase.IDLE && lifecycle.sends() && !queue.isEmpty()) {
            phase = SendPhase.SCHEDULED;
            writers.execute(this::drain);
        }
    }

    private void drain() {
        Runnable finisher;
        synchronized (this) {
            if (phase == SendPhase.SCHEDULED) {
                phase = SendPhase.IDLE;
            }
            pump();
            finisher = finisherIfDrained();
        }
        run(finisher);
    }

    /** Starts the next send unless one is in flight; loops instead of recursing when sends complete inline. */
    private void pump() {
        while (phase == SendPhase.IDLE && lifecycle.sends() && !queue.isEmpty()) {
            if (queue.peek() == PING) {
                queue.poll();
                sendPing();
                continue;
            }
            List<OutgoingText> frames = nextFrames();
            phase = SendPhase.SENDING;
            startingSend = true;
            try {
                startSend(() -> writer.send(frames, this));
            } catch (IOException | RuntimeException e) {
                phase = SendPhase.IDLE;
                failed();
            } finally {
                startingSend = false;
            }
        }
    }

    /**
     * Starts a send (or a ping) with the platform class loader as the thread's context class loader. Tyrus (Payara)
     * re-arms the session's idle timer on every send through the container's managed scheduler, whose context
     * capture looks up {@code ThreadContextProvider} services through that loader: with the WAR's loader
     * that is a scan of every jar in the WAR per send, 75 % of fan-out CPU in a profile (STACK.md 14); with
     * the platform loader, {@code ServiceLoader} knows at once there is nothing to find. Nothing on the send
     * path needs the application's classes (the frame is a ready String), and completions that run inline
     * leave the close action to the caller, which runs it with the application's loader back in place.
     */
    private void startSend(Send send) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader application = thread.getContextClassLoader();
        thread.setContextClassLoader(PLATFORM);
        try {
            send.start();
        } finally {
            thread.setContextClassLoader(application);
        }
    }

    private interface Send {
        void start() throws IOException;
    }

    /** The close action, taken, once nothing is in flight and nothing more will be sent. */
    private Runnable finisherIfDrained() {
        if (whenDrained == null || phase != SendPhase.IDLE || (lifecycle.sends() && !queue.isEmpty())) {
            return null;
        }
        Runnable finisher = whenDrained;
        whenDrained = null;
        return finisher;
    }

    private static void run(Runnable finisher) {
        if (finisher != null) {
            finisher.run();
        }
    }

    /** Lets {@link #awaitRoom} callers look again: the queue shrank or the outbox closed. Holds the monitor. */
    private void wakeRoomWaiters() {
        if (waitingForRoom > 0) {
            notifyAll();
        }
    }

    /** A send failed: the connection is going, nothing more goes out; a close asked for already may finish. */
    private void failed() {
        lifecycle = lifecycle.closeRequested() ? Lifecycle.CLOSED : Lifecycle.FAILED;
        dropQueue();
    }

    private void dropQueue() {
        queue.clear();
        queuedBytes = 0;
        wakeRoomWaiters();
    }

    private void sendPing() {
        try {
            startSend(writer::sendPing);
        } catch (IOException | RuntimeException e) {
            failed(); // the connection is going; its close handler cleans up
        }
    }

    /**
     * What the next write carries: the next frame (or array of merged events), and as many frames queued
     * behind it as one write may take, up to {@link #WRITE_BUDGET}; a ping always goes on its own.
     */
    private List<OutgoingText> nextFrames() {
        OutgoingText first = nextFrame();
        if (writer.framesPerWrite() == 1 || queue.isEmpty() || queue.peek() == PING) {
            return List.of(first);
        }
        List<OutgoingText> frames = new ArrayList<>(Math.min(queue.size() + 1, writer.framesPerWrite()));
        frames.add(first);
        long budget = WRITE_BUDGET;
        while (frames.size() < writer.framesPerWrite() && !queue.isEmpty() && queue.peek() != PING
                && (budget -= queue.peek().size) >= 0) {
            frames.add(nextFrame());
        }
        return frames;
    }

    private OutgoingText nextFrame() {
        Frame first = take();
        if (!batchEvents || !first.mergeable || queue.isEmpty() || !queue.peek().mergeable) {
            return first.text;
        }
        List<OutgoingText> events = new ArrayList<>(queue.size() + 1);
        events.add(first.text);
        while (!queue.isEmpty() && queue.peek().mergeable) {
            events.add(take().text);
        }
        return OutgoingText.array(events, writer.sendsEncoded());
    }

    private Frame take() {
        Frame frame = queue.poll();
        queuedBytes -= frame.size;
        wakeRoomWaiters();
        if (frame.committedNanos != 0) {
            sendingEvents++;
            sendingFirstCommit = sendingFirstCommit == 0 ? frame.committedNanos : Math.min(sendingFirstCommit, frame.committedNanos);
        }
        return frame;
    }

    /** Where delivered events are counted: once per frame, not once per event. */
    @FunctionalInterface
    interface DeliveryMeter {
        void delivered(int events, long sinceFirstCommitNanos);
    }

    private record Frame(OutgoingText text, boolean mergeable, long size, long committedNanos) {
    }

    /**
     * Where the outbox is in its life. Only {@code OPEN} accepts frames; the first three still send what is
     * queued; a close asked for ({@link #closeThen} or {@link #close}) is never asked for twice.
     */
    enum Lifecycle {
        /** Accepts and sends. */
        OPEN,
        /** Refused a frame over the limit and dropped its queue; the overflow action is closing the connection. */
        OVERFLOWED,
        /** {@link #closeThen}: accepts nothing, sends what was queued, then runs the close action. */
        DRAINING,
        /** A send failed: nothing more goes out; {@link #closeThen} still runs its action. */
        FAILED,
        /** Nothing accepted, nothing sent, close asked for: the end. */
        CLOSED;

        boolean accepts() {
            return this == OPEN;
        }

        boolean sends() {
            return this == OPEN || this == OVERFLOWED || this == DRAINING;
        }

        boolean closeRequested() {
            return this == DRAINING || this == CLOSED;
        }
    }

    /** The one send this outbox may have going: none, a writer thread about to start it, or in flight. */
    enum SendPhase {
        IDLE,
        SCHEDULED,
        SENDING
    }

    private static final Frame PING = new Frame(new OutgoingText(""), false, 0, 0);
    /** The most queued bytes (two per character) one write gathers after its first frame. */
    private static final long WRITE_BUDGET = 64 * 1024;
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
}
