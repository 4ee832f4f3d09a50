package herald.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 10, item 5: a resuming herald.v1 client's replay of a topic's stored events. The topic is first
 * filled through one socket whose publishes pipeline (each acked once committed); then fresh clients each
 * subscribe with {@code since: 0} and read every event, checking that the seqs arrive gapless and in order.
 */
final class ReplayRead {

    private static final String TOPIC = "replay";
    private static final int READERS = 3;
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final HeraldApi api;
    private final BenchSettings settings;
    private final String admin;

    ReplayRead(HeraldApi api, BenchSettings settings) {
        this.api = api;
        this.settings = settings;
        this.admin = api.token("replay", "admin");
    }

    List<ResultTable.Row> run() throws Exception {
        int events = settings.replayEvents();
        List<ResultTable.Row> rows = new ArrayList<>();
        long started = System.nanoTime();
        Reader writer = Reader.connect(api, admin);
        for (int n = 0; n < events; n++) {
            writer.send("{\"action\":\"publish\",\"topic\":\"" + TOPIC + "\",\"ref\":" + n
                    + ",\"message\":{\"n\":" + n + "}}", WAIT);
        }
        boolean allAcked = writer.await(writer.frames, events);
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        writer.close();
        rows.add(new ResultTable.Row("replay write", "1 socket, pipelined", writer.frames.get(), events / writeSeconds,
                "acks", new Latencies().summary(), !allAcked || writer.errors.get() > 0,
                "herald.v1 publishes sent without waiting, each acked once committed; errors " + writer.errors.get()));
        Bench.progress("replay: %d events written in %.1f s", events, writeSeconds);
        for (int r = 1; r <= READERS; r++) {
            Reader reader = Reader.connect(api, admin);
            long from = System.nanoTime();
            reader.send("{\"action\":\"subscribe\",\"topic\":\"" + TOPIC + "\",\"since\":0}", WAIT);
            boolean complete = reader.await(reader.events, events);
            double seconds = (System.nanoTime() - from) / 1e9;
            reader.close();
            rows.add(new ResultTable.Row("replay read", "since 0, reader " + r, reader.events.get(), reader.events.get() / seconds,
                    "events", new Latencies().summary(), !complete || reader.outOfOrder.get() > 0,
                    String.format("%d events in %.2f s, %.1f events per frame, out of order %d", reader.events.get(), seconds,
                            reader.events.get() / Math.max(1.0, reader.eventFrames.get()), reader.outOfOrder.get())));
            Bench.progress("replay: reader %d took %.2f s", r, seconds);
        }
        return rows;
    }

    /** A herald.v1 socket that counts acks, errors and events, and checks the events' seqs come 1, 2, 3, ... */
    private static final class Reader extends HeraldV1Socket {

        private final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong events = new AtomicLong();
        final AtomicLong eventFrames = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        private volatile long target = Long.MAX_VALUE;
        private long lastSeq;
        private boolean sawId;

        static Reader connect(HeraldApi api, String authorization) throws Exception {
            Reader reader = new Reader();
            reader.open(api, authorization);
            return reader;
        }

        /** Waits until {@code counter} (acks and errors, or events) reaches {@code count}; false if it did not in time. */
        boolean await(AtomicLong counter, long count) throws Exception {
            target = count;
            if (counter.get() >= count) {
                return true;
            }
            try {
                done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            }
        }

        /** Counts without a JSON parser (the client must not be what the figure measures). */
        @Override
        void frame(String text) {
            if (!sawId) {
                sawId = true; // the first frame is the connection's id
                return;
            }
            if (text.startsWith("{\"type\":\"ack\"") || text.startsWith("{\"type\":\"error\"")) {
                if (text.startsWith("{\"type\":\"error\"")) {
                    errors.incrementAndGet();
                }
                if (frames.incrementAndGet() >= target) {
                    done.complete(null);
                }
                return;
            }
            eventFrames.incrementAndGet();
            for (int at = text.indexOf("\"seq\":"); at >= 0; at = text.indexOf("\"seq\":", at + 6)) {
                long seq = 0;
                for (int i = at + 6; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
                    seq = seq * 10 + (text.charAt(i) - '0');
                }
                if (seq != lastSeq + 1) {
                    outOfOrder.incrementAndGet();
                }
                lastSeq = seq;
                if (events.incrementAndGet() >= target) {
                    done.complete(null);
                }
            }
        }

        @Override
        void ended(String why) {
            done.complete(null);
        }
    }
}
