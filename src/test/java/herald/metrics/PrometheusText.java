package herald.metrics;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a scrape returned, in the Prometheus text format: samples are lines of name, labels, value. */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    private PrometheusText() {
    }

    /** The value of the first sample whose line starts with {@code prefix} (a name, or a name and labels). */
    public static Optional<Double> value(String text, String prefix) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "[^\\n]*? (\\S+)$").matcher(text);
        return line.find() ? Optional.of(Double.parseDouble(line.group(1))) : Optional.empty();
    }

    /** The names of every sample, without labels: {@code herald_publish_commit_seconds_bucket}, … */
    public static Set<String> names(String text) {
        return names(text, "");
    }

    /** The names of the samples whose name starts with {@code prefix}. */
    public static Set<String> names(String text, String prefix) {
        Set<String> names = new TreeSet<>();
        for (Matcher sample = SAMPLE.matcher(text); sample.find(); ) {
            if (sample.group(1).startsWith(prefix)) {
                names.add(sample.group(1));
            }
        }
        return names;
    }
}
