package herald.bench;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Issues 2 and 9: {@code POST /push_events} from a connector, at several batch sizes, the events of each batch
 * spread round-robin over the users ({@code -Dbench.users}; by default one user per event, the common
 * connector case of one notification each for many users), all of a call appended in one transaction.
 */
final class NotifierIngest {

    private static final Duration WARM_UP = Duration.ofSeconds(3);

    private final HeraldApi api;
    private final BenchSettings settings;
    private final String connector;

    NotifierIngest(HeraldApi api, BenchSettings settings) {
        this.api = api;
        this.settings = settings;
        this.connector = api.token("connector", "connector");
    }

    List<ResultTable.Row> run() throws InterruptedException {
        List<ResultTable.Row> rows = new ArrayList<>();
        for (int batchSize : settings.batchSizes()) {
            RequestLoop.Result result = RequestLoop.run(api, settings.posters(), WARM_UP,
                    Duration.ofSeconds(settings.seconds()), thread -> batches(thread, batchSize));
            rows.add(new ResultTable.Row("notifier ingest",
                    "batch " + batchSize + ", " + settings.posters() + " posters, " + settings.usersPerBatch(batchSize) + " users",
                    result.ok() * batchSize, result.perSecond(batchSize), "events", result.latencies.summary(),
                    result.failures() > 0,
                    String.format("%d requests, %.0f requests/s; latency is per request; %s", result.ok(),
                            result.perSecond(1), result.failureNote())));
            Bench.progress("notifier batch %d done", batchSize);
        }
        return rows;
    }

    /** Threads start at different users, so that single-event pushes do not all queue for one user's topic lock. */
    private Supplier<HttpRequest> batches(int thread, int batchSize) {
        long[] counter = {thread};
        int users = settings.usersPerBatch(batchSize);
        return () -> {
            StringBuilder body = new StringBuilder(batchSize * 96).append('[');
            long createdAt = System.currentTimeMillis();
            for (int i = 0; i < batchSize; i++) {
                long n = counter[0]++;
                body.append(i == 0 ? "" : ",")
                        .append("{\"accessid\":\"user-").append(n % users)
                        .append("\",\"created_at\":").append(createdAt)
                        .append(",\"payload\":{\"thread\":").append(thread).append(",\"n\":").append(n).append("}}");
            }
            return api.postJson("push_events", connector, body.append(']').toString());
        };
    }
}
