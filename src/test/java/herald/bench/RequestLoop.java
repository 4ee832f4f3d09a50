package herald.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A closed loop of posting threads: each sends its next request as soon as the previous one is answered. Only
 * requests started after the warm-up and before the end are counted.
 */
final class RequestLoop {

    private RequestLoop() {
    }

    /** @param requestsOfThread each thread's own source of requests (so it may keep counters without locking) */
    static Result run(HeraldApi api, int threads, Duration warmUp, Duration measured,
                      IntFunction<Supplier<HttpRequest>> requestsOfThread) throws InterruptedException {
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long measureUntil = measureFrom + measured.toNanos();
        Result result = new Result();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            Supplier<HttpRequest> requests = requestsOfThread.apply(t);
            pool.execute(() -> {
                for (long sent = System.nanoTime(); sent < measureUntil; sent = System.nanoTime()) {
                    HttpRequest request = requests.get();
                    HttpResponse<String> response = null;
                    RuntimeException failure = null;
                    try {
                        response = api.send(request);
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                    if (sent >= measureFrom) {
                        result.answered(sent, response, failure);
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(warmUp.plus(measured).plusMinutes(2).toMillis(), TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
        }
        result.elapsedNanos = result.lastAnswer.get() - measureFrom;
        return result;
    }

    static final class Result {
        final Latencies latencies = new Latencies();
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final AtomicLong lastAnswer = new AtomicLong();
        private volatile String firstFailure;
        private long elapsedNanos;

        private void answered(long sent, HttpResponse<String> response, RuntimeException failure) {
            long now = System.nanoTime();
            latencies.add(now - sent);
            lastAnswer.accumulateAndGet(now, Math::max);
            if (failure == null && response.statusCode() == 200) {
                ok.incrementAndGet();
                return;
            }
            failures.incrementAndGet();
            if (firstFailure == null) {
                firstFailure = failure != null ? failure.toString() : response.statusCode() + " " + response.body();
            }
        }

        long ok() {
            return ok.get();
        }

        long failures() {
            return failures.get();
        }

        double perSecond(long perRequest) {
            return elapsedNanos <= 0 ? 0 : ok() * perRequest / (elapsedNanos / 1e9);
        }

        String failureNote() {
            return failures() == 0 ? "failures 0" : "failures " + failures() + " (first: " + firstFailure + ")";
        }
    }
}
