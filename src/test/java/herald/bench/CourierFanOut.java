package herald.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 1: one topic, many real WebSocket subscribers on /ws. Per protocol: connect and subscribe them all, probe
 * until every one receives, then a warm-up round, a fixed-rate round and a flat-out round, each checked message
 * by message for every subscriber.
 */
final class CourierFanOut {

    /** A round ends when no subscriber received anything for this long (or all have everything). */
    private static final Duration STALL = Duration.ofSeconds(20);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final int WARM_UP_MESSAGES = 50;
    /** JDK WebSocket reads of one HttpClient go through one selector thread; a few clients spread them. */
    private static final int HTTP_CLIENTS = 4;
    private static final int CONNECTING_THREADS = 8;
    private static final String SLOW_CONSUMER = "1008 slow consumer";

    private final HeraldApi api;
    private final BenchSettings settings;
    private final AtomicLong delivered = new AtomicLong();

    CourierFanOut(HeraldApi api, BenchSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    List<ResultTable.Row> run(String protocol) throws Exception {
        String topic = "fanout-" + protocol;
        HookPublisher publisher = new HookPublisher(api, api.token("publisher"), topic);
        List<FanOutSubscriber> subscribers = new ArrayList<>();
        List<ResultTable.Row> rows = new ArrayList<>();
        try {
            long started = System.nanoTime();
            subscribers.addAll(connect(protocol, topic));
            awaitProbes(publisher, subscribers);
            Bench.progress("courier %s: %d subscribers connected and receiving in %.1f s", protocol,
                    subscribers.size(), seconds(System.nanoTime() - started));

            int messages = settings.messages();
            Round warmUp = round(subscribers, 0, WARM_UP_MESSAGES, () -> publisher.flatOut(0, WARM_UP_MESSAGES, settings.publishers()));
            if (!warmUp.complete()) {
                rows.add(warmUp.row(protocol, "warm-up, flat out"));
            }
            long first = WARM_UP_MESSAGES;
            rows.add(round(subscribers, first, messages, () -> publisher.atRate(first, messages, settings.rate()))
                    .row(protocol, settings.rate() + " msg/s"));
            long next = first + messages;
            rows.add(round(subscribers, next, messages, () -> publisher.flatOut(next, messages, settings.publishers()))
                    .row(protocol, "flat out, " + settings.publishers() + " publishers"));
        } finally {
            close(subscribers);
        }
        return rows;
    }

    private List<FanOutSubscriber> connect(String protocol, String topic) throws Exception {
        String subprotocol = protocol.equals("original") ? null : protocol;
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < HTTP_CLIENTS; i++) {
            clients.add(HttpClient.newHttpClient());
        }
        Map<Integer, String> tokens = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTING_THREADS);
        try {
            List<Future<FanOutSubscriber>> connecting = new ArrayList<>();
            for (int i = 0; i < settings.subscribers(); i++) {
                int user = i / settings.subscribersPerUser();
                String token = tokens.computeIfAbsent(user, u -> api.token("subscriber-" + u));
                HttpClient client = clients.get(i % clients.size());
                connecting.add(pool.submit(() -> FanOutSubscriber.connect(client, api.socketWithTicket(token),
                        subprotocol, topic, delivered).get(60, TimeUnit.SECONDS)));
            }
            List<FanOutSubscriber> subscribers = new ArrayList<>();
            for (Future<FanOutSubscriber> subscriber : connecting) {
                subscribers.add(subscriber.get());
            }
            return subscribers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Subscribing has no reply in the original protocol: a subscriber is ready once a probe reached it. */
    private static void awaitProbes(HookPublisher publisher, List<FanOutSubscriber> subscribers) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!subscribers.stream().allMatch(FanOutSubscriber::probed)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(subscribers.stream().filter(s -> !s.probed()).count()
                        + " subscribers received no probe within " + READY_TIMEOUT);
            }
            publisher.probe();
            Thread.sleep(200);
        }
    }

    private Round round(List<FanOutSubscriber> subscribers, long first, int count, Publishing publishing) throws Exception {
        List<FanOutSubscriber> open = subscribers.stream().filter(s -> s.closedByServer() == null).toList();
        delivered.set(0);
        open.forEach(subscriber -> subscriber.startRound(first, count));
        long started = System.nanoTime();
        HookPublisher.Published published = publishing.publish();
        long lastProgress = System.nanoTime();
        for (long seen = delivered.get(); !open.stream().allMatch(FanOutSubscriber::finished); ) {
            Thread.sleep(50);
            if (delivered.get() != seen) {
                seen = delivered.get();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                break;
            }
        }
        return new Round(count, open.size(), started, published, open.stream().map(FanOutSubscriber::tally).toList());
    }

    private static void close(List<FanOutSubscriber> subscribers) throws InterruptedException {
        CompletableFuture<?>[] closing = subscribers.stream().map(FanOutSubscriber::close).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(30, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            subscribers.forEach(FanOutSubscriber::abort);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @FunctionalInterface
    private interface Publishing {
        HookPublisher.Published publish() throws Exception;
    }

    /** One round's publishing and every subscriber's tally of it. */
    private record Round(int messages, int subscribers, long started, HookPublisher.Published published,
                         List<FanOutSubscriber.Tally> tallies) {

        boolean complete() {
            return tallies.stream().allMatch(t -> t.missing() == 0 && t.duplicates() == 0 && t.strays() == 0)
                    && published.failures() == 0;
        }

        ResultTable.Row row(String protocol, String variant) {
            Latencies latencies = new Latencies();
            long deliveries = 0;
            long frames = 0;
            long lost = 0;
            long missedByClosed = 0;
            long duplicates = 0;
            long strays = 0;
            long lastReceipt = started;
            Map<String, Integer> closes = new TreeMap<>();
            for (FanOutSubscriber.Tally tally : tallies) {
                latencies.addAll(tally.latencies());
                deliveries += tally.received();
                frames += tally.frames();
                duplicates += tally.duplicates();
                strays += tally.strays();
                lastReceipt = Math.max(lastReceipt, tally.lastReceipt());
                if (tally.closedByServer() == null) {
                    lost += tally.missing();
                } else {
                    missedByClosed += tally.missing();
                    closes.merge(tally.closedByServer(), 1, Integer::sum);
                }
            }
            Latencies.Summary publish = published.latencies.summary();
            StringBuilder notes = new StringBuilder()
                    .append(messages).append(" msgs x ").append(subscribers).append(" subs; ")
                    .append(String.format("publish %.0f/s, hook p50/p99 %.1f/%.1f ms; ", messages / seconds(published.elapsedNanos()),
                            publish.p50() / 1e6, publish.p99() / 1e6))
                    .append(String.format("%.1f events/frame; ", frames == 0 ? 0.0 : (double) deliveries / frames))
                    .append("lost ").append(lost).append(", dup ").append(duplicates);
            if (strays > 0) {
                notes.append(", stray ").append(strays);
            }
            notes.append(", server closes ").append(closes.isEmpty() ? "0" : closes.toString());
            if (missedByClosed > 0) {
                notes.append(" (missed by closed subs ").append(missedByClosed).append(')');
            }
            if (published.failures() > 0) {
                notes.append(", publish failures ").append(published.failures()).append(" (first: ")
                        .append(published.firstFailure()).append(')');
            }
            // A slow consumer may be closed and resume with since; any other close is a fault.
            boolean faultyCloses = closes.keySet().stream().anyMatch(reason -> !reason.equals(SLOW_CONSUMER));
            return new ResultTable.Row("courier fan-out", protocol + ", " + variant, deliveries,
                    deliveries / seconds(lastReceipt - started), "deliveries", latencies.summary(),
                    lost + duplicates + strays + published.failures() > 0 || faultyCloses, notes.toString());
        }
    }
}
