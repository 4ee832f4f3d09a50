package herald.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The cluster relay's cost (docs/cluster.md): N nodes on one PostgreSQL, on each a subscriber of every one of T
 * topics, events published at a fixed rate through the nodes in turn, to the topics in turn. Every node hears
 * of every commit (LISTEN/NOTIFY) and reads the other nodes' events from the log. A round measures, per node,
 * the statements and rows it asked of PostgreSQL per second (pg_stat_statements, one database user per node)
 * and the CPU of PostgreSQL and of the nodes, and checks that every subscriber got every event of every topic
 * once, in seq order. Rounds grow the cluster: 1 node, then 2, then 3 ({@code bench.nodes}).
 */
final class RelayLoad {

    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final LocalHerald herald;
    private final BenchSettings settings;
    private final DatabaseLoad database;

    RelayLoad(LocalHerald herald, BenchSettings settings) {
        this.herald = herald;
        this.settings = settings;
        this.database = new DatabaseLoad(herald.database);
    }

    List<ResultTable.Row> run() throws Exception {
        List<ResultTable.Row> rows = new ArrayList<>();
        for (int size : settings.nodes()) {
            while (herald.nodes().size() < size) {
                Bench.progress("relay: starting node %d", herald.nodes().size() + 1);
                herald.addNode();
            }
            rows.add(round(herald.nodes().subList(0, size)));
        }
        return rows;
    }

    private ResultTable.Row round(List<LocalHerald.Node> nodes) throws Exception {
        String round = "relay" + nodes.size() + "-";
        List<String> topics = IntStream.range(0, settings.topics()).mapToObj(t -> round + t).toList();
        List<HeraldApi> apis = nodes.stream().map(node -> new HeraldApi(node.base(), herald.secret)).toList();
        String token = apis.get(0).token("relay", "connector");
        List<RelaySubscriber> subscribers = new ArrayList<>();
        for (HeraldApi api : apis) {
            subscribers.add(RelaySubscriber.subscribe(api.http, api.socketWithTicket(token), topics));
        }
        Bench.progress("relay: %d nodes, %d topics, a subscriber of every topic on every node; publishing %d events/s",
                nodes.size(), topics.size(), settings.relayRate());

        AtomicLong failures = new AtomicLong();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        long interval = 1_000_000_000L / settings.relayRate();
        long start = System.nanoTime();
        long measureFrom = start + WARM_UP.toNanos();
        long end = measureFrom + Duration.ofSeconds(settings.seconds()).toNanos();
        DatabaseLoad.Snapshot before = null;
        List<Duration> nodesCpuBefore = null;
        int published = 0;
        for (long due = start; due < end; due = start + published * interval) {
            LockSupport.parkNanos(due - System.nanoTime());
            if (before == null && System.nanoTime() >= measureFrom) {
                before = database.snapshot();
                nodesCpuBefore = nodesCpu(nodes);
            }
            HeraldApi api = apis.get(published % apis.size());
            HttpRequest publish = api.postJson("v1/hook", token, "{\"action\":\"publish\",\"topic\":\""
                    + topics.get(published % topics.size()) + "\",\"message\":" + FanOutSubscriber.message(published, System.nanoTime()) + "}");
            answers.add(api.http.sendAsync(publish, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null || response.statusCode() != 200) {
                    failures.incrementAndGet();
                }
            }));
            published++;
        }
        DatabaseLoad.Snapshot after = database.snapshot();
        List<Duration> nodesCpuAfter = nodesCpu(nodes);
        double publishingSeconds = (System.nanoTime() - start) / 1e9;
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
        long expected = published - failures.get();
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (subscribers.stream().anyMatch(subscriber -> subscriber.received() < expected) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        subscribers.forEach(RelaySubscriber::close);
        return row(nodes, before, after, nodesCpuBefore, nodesCpuAfter, subscribers, published, failures.get(), publishingSeconds);
    }

    private ResultTable.Row row(List<LocalHerald.Node> nodes, DatabaseLoad.Snapshot before, DatabaseLoad.Snapshot after,
                                List<Duration> cpuBefore, List<Duration> cpuAfter, List<RelaySubscriber> subscribers,
                                long published, long failures, double publishingSeconds) {
        double seconds = after.seconds(before);
        List<DatabaseLoad.Query> statements = after.since(before);
        StringBuilder perNode = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            String user = nodes.get(i).databaseUser();
            List<DatabaseLoad.Query> mine = statements.stream().filter(statement -> statement.user().equals(user)).toList();
            long calls = mine.stream().mapToLong(DatabaseLoad.Query::calls).sum();
            long rows = mine.stream().mapToLong(DatabaseLoad.Query::rows).sum();
            long relayReads = mine.stream().filter(DatabaseLoad.Query::isRelayRead).mapToLong(DatabaseLoad.Query::calls).sum();
            long relayRows = mine.stream().filter(DatabaseLoad.Query::isRelayRead).mapToLong(DatabaseLoad.Query::rows).sum();
            perNode.append(String.format("%n      node %d: %.0f statements/s, %.0f rows/s; relay reads %.0f/s of %.1f rows; cpu %.0f%%",
                    i + 1, calls / seconds, rows / seconds, relayReads / seconds,
                    relayReads == 0 ? 0.0 : (double) relayRows / relayReads,
                    100.0 * cpuAfter.get(i).minus(cpuBefore.get(i)).toNanos() / 1e9 / seconds));
            Bench.progress("relay: node %d's statements over %.1f s (calls, rows):%s", i + 1, seconds, mine.stream().limit(6)
                    .map(statement -> String.format("%n    %8d %8d  %s", statement.calls(), statement.rows(),
                            statement.query().replaceAll("\\s+", " ").substring(0, Math.min(110, statement.query().length()))))
                    .collect(Collectors.joining()));
        }
        Latencies latencies = new Latencies();
        subscribers.forEach(subscriber -> latencies.addAll(subscriber.latencies));
        long delivered = subscribers.stream().mapToLong(RelaySubscriber::received).sum();
        long expected = (published - failures) * subscribers.size();
        long faults = subscribers.stream().mapToLong(RelaySubscriber::faults).sum();
        boolean problem = delivered != expected || faults > 0 || failures > 0;
        String notes = String.format("%d topics, %d events/s asked; %d of %d deliveries, %d gaps or repeats, %d failed publishes; "
                        + "PostgreSQL cpu %.0f%%, notify queue %.4f%s",
                settings.topics(), settings.relayRate(), delivered, expected, faults, failures,
                100.0 * after.postgresCpu().minus(before.postgresCpu()).toNanos() / 1e9 / seconds,
                database.notifyQueueUsage(), perNode);
        return new ResultTable.Row("relay", nodes.size() + (nodes.size() == 1 ? " node" : " nodes"), delivered,
                delivered / publishingSeconds,
                "deliveries", latencies.summary(), problem, notes);
    }

    private static List<Duration> nodesCpu(List<LocalHerald.Node> nodes) {
        return nodes.stream().map(node -> DatabaseLoad.cpu(node.server().handle())).toList();
    }
}
