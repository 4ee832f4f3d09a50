package herald.bench;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Eventserver produce throughput: {@code POST /api/v1/streams/{s}/events} with a Bearer token. Each producer
 * owns its own stream, since a stream accepts one producer only (any other gets 423).
 */
final class EventserverProduce {

    private static final Duration WARM_UP = Duration.ofSeconds(3);

    private final HeraldApi api;
    private final BenchSettings settings;
    private final String authorization;

    EventserverProduce(HeraldApi api, BenchSettings settings) {
        this.api = api;
        this.settings = settings;
        this.authorization = api.token("producer");
    }

    List<ResultTable.Row> run() throws InterruptedException {
        List<ResultTable.Row> rows = new ArrayList<>();
        for (int producers : settings.producers()) {
            RequestLoop.Result result = RequestLoop.run(api, producers, WARM_UP, Duration.ofSeconds(settings.seconds()),
                    thread -> events("stream-" + producers + "-" + thread, "producer-" + thread));
            rows.add(new ResultTable.Row("eventserver produce", producers + " producers, one stream each",
                    result.ok(), result.perSecond(1), "events", result.latencies.summary(), result.failures() > 0,
                    "one event per request; " + result.failureNote()));
            Bench.progress("eventserver %d producers done", producers);
        }
        return rows;
    }

    private Supplier<HttpRequest> events(String stream, String producer) {
        long[] counter = {0};
        return () -> api.request("api/v1/streams/" + stream + "/events", authorization)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json; charset=utf-8")
                .header("X-Producer-ID", producer)
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\":{\"name\":\"OrderPlaced\",\"version\":1},"
                        + "\"payload\":{\"order\":" + counter[0]++ + "}}"))
                .build();
    }
}
