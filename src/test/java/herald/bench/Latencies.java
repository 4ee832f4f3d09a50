package herald.bench;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds. A plain array sorted once at the end: a run holds a few million samples at
 * most, and exact percentiles need no extra dependency.
 */
final class Latencies {

    private long[] samples = new long[1024];
    private int count;

    synchronized void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    synchronized void addAll(Latencies other) {
        long[] theirs;
        int theirCount;
        synchronized (other) {
            theirs = other.samples;
            theirCount = other.count;
        }
        if (count + theirCount > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(count + theirCount, samples.length * 2));
        }
        System.arraycopy(theirs, 0, samples, count, theirCount);
        count += theirCount;
    }

    synchronized int count() {
        return count;
    }

    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return new Summary(count, percentile(sorted, 0.50), percentile(sorted, 0.99), count == 0 ? 0 : sorted[count - 1]);
    }

    /** Nearest rank: the smallest sample that at least {@code p} of all samples are less than or equal to. */
    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.ceil(p * sorted.length) - 1];
    }

    record Summary(int count, long p50, long p99, long max) {
    }
}
