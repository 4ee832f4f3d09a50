package herald.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The figures of a bench run, printed as one aligned table with a notes line under each row. */
final class ResultTable {

    private final List<Row> rows = new ArrayList<>();

    void addAll(List<Row> more) {
        rows.addAll(more);
    }

    boolean anyProblem() {
        return rows.stream().anyMatch(Row::problem);
    }

    void print(PrintStream out) {
        int scenarioWidth = Math.max(8, rows.stream().mapToInt(row -> row.scenario().length()).max().orElse(0));
        int variantWidth = Math.max(7, rows.stream().mapToInt(row -> row.variant().length()).max().orElse(0));
        String format = "%-" + scenarioWidth + "s  %-" + variantWidth + "s  %10s  %-10s  %10s  %8s  %8s  %8s%n";
        out.printf(format, "scenario", "variant", "count", "of", "per second", "p50 ms", "p99 ms", "max ms");
        for (Row row : rows) {
            out.printf(format, row.scenario(), row.variant(), row.count(), row.unit(), String.format("%.0f", row.perSecond()),
                    millis(row.latency().p50()), millis(row.latency().p99()), millis(row.latency().max()));
            out.println("    " + (row.problem() ? "PROBLEM: " : "") + row.notes());
        }
    }

    private static String millis(long nanos) {
        return String.format("%.2f", nanos / 1e6);
    }

    /**
     * @param latency publish-to-delivery for fan-out rows, request round trip for the others
     * @param problem whether the row saw losses, duplicates or failed requests
     */
    record Row(String scenario, String variant, long count, double perSecond, String unit, Latencies.Summary latency,
               boolean problem, String notes) {
    }
}
