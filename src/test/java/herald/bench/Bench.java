package herald.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

/**
 * The benchmark ({@code mvn -Pbench}): starts Herald like the run command does, on a free port with a throw-away
 * database, drives the scenarios chosen with {@code -Dbench.scenarios}, prints one table and stops everything.
 * Clients and server share this machine, so the figures are for comparing runs, not for capacity planning.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        progress("settings: %s", settings);
        String machineBefore = machine();
        long started = System.nanoTime();
        LocalHerald herald = LocalHerald.start(settings.port());
        Runtime.getRuntime().addShutdownHook(new Thread(herald::close, "bench-stop-herald"));
        // Maven running us by exec:exec does not pass a SIGTERM on; dying with it keeps nothing orphaned.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(1)));
        progress("Herald is up at %s in %.0f s (server log: %s)", herald.base, (System.nanoTime() - started) / 1e9,
                herald.serverLog);
        long startupLogLines = lineCount(herald.serverLog); // start-up noise is not what the bench is about

        ResultTable table = new ResultTable();
        try {
            HeraldApi api = new HeraldApi(herald.base, herald.secret);
            api.createAudience(api.token("admin", "admin"));
            if (settings.runs("courier")) {
                for (String protocol : settings.protocols()) {
                    table.addAll(new CourierFanOut(api, settings).run(protocol));
                }
            }
            if (settings.runs("ingest")) {
                table.addAll(new SingleEventIngest(api, settings).run());
            }
            if (settings.runs("notifier")) {
                table.addAll(new NotifierIngest(api, settings).run());
            }
            if (settings.runs("eventserver")) {
                table.addAll(new EventserverProduce(api, settings).run());
            }
            if (settings.runs("replay")) {
                table.addAll(new ReplayRead(api, settings).run());
            }
            if (settings.runs("relay")) { // last: it adds nodes, which stay until the end
                table.addAll(new RelayLoad(herald, settings).run());
            }
        } finally {
            herald.close();
        }

        System.out.println();
        System.out.println("=== Herald bench, " + Duration.ofNanos(System.nanoTime() - started).truncatedTo(ChronoUnit.SECONDS)
                + " in all ===");
        System.out.println("machine before: " + machineBefore);
        System.out.println("machine after:  " + machine());
        System.out.println("Clients, server and PostgreSQL share these cores (and other builds may too): figures are noisy.");
        table.print(System.out);
        System.out.println("server log " + herald.serverLog + " after start-up: "
                + serverLogProblems(herald.serverLog, startupLogLines));
        System.out.println(table.anyProblem() ? "CHECK FAILED: see the PROBLEM rows" : "all deliveries and requests checked: no losses, no failures");
        System.exit(0);
    }

    static void progress(String format, Object... arguments) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " bench: " + String.format(format, arguments));
    }

    private static String machine() {
        return String.format("%d cores, load average %.2f, JDK %s, %s", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    private static String serverLogProblems(Path log, long skipped) throws IOException {
        try (Stream<String> lines = lines(log)) {
            long[] counts = {0, 0};
            lines.skip(skipped).forEach(line -> {
                if (line.contains(" SEVERE ")) {
                    counts[0]++;
                } else if (line.contains(" WARNING ")) {
                    counts[1]++;
                }
            });
            return counts[0] + " SEVERE, " + counts[1] + " WARNING lines";
        }
    }

    private static long lineCount(Path log) throws IOException {
        try (Stream<String> lines = lines(log)) {
            return lines.count();
        }
    }

    private static Stream<String> lines(Path log) throws IOException {
        return Files.lines(log, StandardCharsets.ISO_8859_1); // any byte is a character: never fails on odd output
    }
}
