package herald.bench;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Issue 9: durable single-event ingest, closed loop, with 1, 16 and 64 clients all writing to one topic:
 * Courier {@code POST /v1/hook} publishes, and herald.v1 WebSocket publishes that each wait for their ack
 * (the ack, like the hook's 200, goes out only once the event is committed). Eventserver POSTs are
 * {@link EventserverProduce}'s rows.
 */
final class SingleEventIngest {

    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration ACK_WAIT = Duration.ofSeconds(60);

    private final HeraldApi api;
    private final BenchSettings settings;
    private final String publisher;

    SingleEventIngest(HeraldApi api, BenchSettings settings) {
        this.api = api;
        this.settings = settings;
        this.publisher = api.token("ingest", "admin");
    }

    List<ResultTable.Row> run() throws Exception {
        List<ResultTable.Row> rows = new ArrayList<>();
        for (int clients : settings.clients()) {
            String topic = "ingest-hook-" + clients;
            RequestLoop.Result hook = RequestLoop.run(api, clients, WARM_UP, Duration.ofSeconds(settings.seconds()),
                    thread -> hookPublishes(topic, thread));
            rows.add(new ResultTable.Row("ingest hook", clients + " clients, 1 topic", hook.ok(), hook.perSecond(1),
                    "events", hook.latencies.summary(), hook.failures() > 0,
                    "POST /v1/hook, one event per request; " + hook.failureNote()));
            Bench.progress("ingest hook %d clients done", clients);
            rows.add(socketPublishes(clients, "ingest-ws-" + clients));
            Bench.progress("ingest websocket %d clients done", clients);
        }
        return rows;
    }

    private Supplier<HttpRequest> hookPublishes(String topic, int thread) {
        long[] counter = {0};
        return () -> api.postJson("v1/hook", publisher, "{\"topic\":\"" + topic + "\",\"action\":\"publish\","
                + "\"message\":{\"client\":" + thread + ",\"n\":" + counter[0]++ + "}}");
    }

    /** Each client: one herald.v1 socket, publish, wait for the ack, publish the next. */
    private ResultTable.Row socketPublishes(int clients, String topic) throws Exception {
        long measureFrom = System.nanoTime() + WARM_UP.toNanos();
        long measureUntil = measureFrom + Duration.ofSeconds(settings.seconds()).toNanos();
        Latencies latencies = new Latencies();
        AtomicLong acked = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.execute(() -> {
                AckingPublisher socket = null;
                try {
                    socket = AckingPublisher.connect(api, publisher);
                    for (long n = 0, sent = System.nanoTime(); sent < measureUntil; n++, sent = System.nanoTime()) {
                        String answer = socket.publish(topic, "r" + n, "{\"client\":" + client + ",\"n\":" + n + "}");
                        if (sent < measureFrom) {
                            continue;
                        }
                        if (answer.contains("\"type\":\"ack\"")) {
                            latencies.add(System.nanoTime() - sent);
                            acked.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, answer);
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                } finally {
                    if (socket != null) {
                        socket.close();
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(WARM_UP.plusSeconds(settings.seconds()).plus(ACK_WAIT).plusSeconds(30).toMillis(),
                TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
        }
        double perSecond = acked.get() / (settings.seconds() * 1.0);
        return new ResultTable.Row("ingest websocket", clients + " clients, 1 topic", acked.get(), perSecond, "events",
                latencies.summary(), failures.get() > 0, "herald.v1 publish, waits for its ack; failures " + failures.get()
                + (firstFailure.get() == null ? "" : " (first: " + firstFailure.get() + ")"));
    }

    /** A herald.v1 socket that publishes one event at a time and hands back the frame that answers it. */
    private static final class AckingPublisher extends HeraldV1Socket {

        private volatile CompletableFuture<String> answer = new CompletableFuture<>();

        static AckingPublisher connect(HeraldApi api, String authorization) throws Exception {
            AckingPublisher publisher = new AckingPublisher();
            publisher.open(api, authorization);
            return publisher;
        }

        String publish(String topic, String ref, String message) throws Exception {
            answer = new CompletableFuture<>();
            send("{\"action\":\"publish\",\"topic\":\"" + topic + "\",\"ref\":\"" + ref + "\",\"message\":"
                    + message + "}", ACK_WAIT);
            return answer.get(ACK_WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        void frame(String text) {
            if (text.contains("\"ref\"")) { // acks and errors answer a ref; anything else is not ours
                answer.complete(text);
            }
        }

        @Override
        void ended(String why) {
            answer.complete(why);
        }
    }
}
