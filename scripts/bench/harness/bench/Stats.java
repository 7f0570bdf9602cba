package bench;

import java.util.Arrays;

/** Percentiles of latency samples in nanoseconds, reported in microseconds. */
final class Stats {
  private Stats() {}

  /** Nearest-rank percentile of a sorted array. */
  static long pct(long[] sorted, double q) {
    if (sorted.length == 0) return 0;
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static String us(long nanos) {
    return String.format("%.1f", nanos / 1000.0);
  }

  static long[] sorted(long[] samples, int n) {
    long[] s = Arrays.copyOf(samples, n);
    Arrays.sort(s);
    return s;
  }
}
