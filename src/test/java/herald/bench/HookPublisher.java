package herald.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Publishes bench messages to one topic through {@code POST /v1/hook}, each stamped with its send time. */
final class HookPublisher {

    private final HeraldApi api;
    private final String authorization;
    private final String topic;

    HookPublisher(HeraldApi api, String authorization, String topic) {
        this.api = api;
        this.authorization = authorization;
        this.topic = topic;
    }

    /** One probe message (n = -1), answered before this returns. */
    void probe() {
        api.expect200(request(-1));
    }

    /**
     * Messages {@code first}… sent on a fixed schedule, asynchronously, so that a slow answer never delays the
     * next send (which would hide latency behind a lower rate).
     */
    Published atRate(long first, int count, int perSecond) {
        Published published = new Published();
        List<CompletableFuture<?>> answers = new ArrayList<>(count);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(start + i * interval - System.nanoTime());
            long sent = System.nanoTime();
            answers.add(api.http.sendAsync(request(first + i), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> published.answered(sent, response, failure)));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
        published.finish(start);
        return published;
    }

    /** Messages {@code first}… sent as fast as {@code threads} blocking publishers get their answers. */
    Published flatOut(long first, int count, int threads) throws InterruptedException {
        Published published = new Published();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    try {
                        published.answered(sent, api.send(request(first + i)), null);
                    } catch (RuntimeException e) {
                        published.answered(sent, null, e);
                    }
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
            // publishing
        }
        published.finish(start);
        return published;
    }

    private HttpRequest request(long n) {
        return api.postJson("v1/hook", authorization, "{\"topic\":\"" + topic + "\",\"action\":\"publish\",\"message\":"
                + FanOutSubscriber.message(n, System.nanoTime()) + "}");
    }

    /** How the publishing went: request latencies, failures, and how long it took. */
    static final class Published {
        final Latencies latencies = new Latencies();
        private final AtomicLong failures = new AtomicLong();
        private volatile String firstFailure;
        private volatile long elapsedNanos;

        void answered(long sent, HttpResponse<String> response, Throwable failure) {
            latencies.add(System.nanoTime() - sent);
            if (failure != null || response.statusCode() != 200) {
                failures.incrementAndGet();
                if (firstFailure == null) {
                    firstFailure = failure != null ? failure.toString() : response.statusCode() + " " + response.body();
                }
            }
        }

        void finish(long start) {
            elapsedNanos = System.nanoTime() - start;
        }

        long failures() {
            return failures.get();
        }

        String firstFailure() {
            return firstFailure;
        }

        long elapsedNanos() {
            return elapsedNanos;
        }
    }
}
