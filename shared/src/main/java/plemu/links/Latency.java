package plemu.links;

import static plemu.links.ImpairmentType.attribute;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Latency: every chunk, and the end of the stream, goes on {@code delayMs} after it arrived, plus a
 * jitter drawn from {@code distribution} ({@link LatencyDistribution}), as netem's
 * {@code delay 5ms 1ms distribution normal}. Unlike netem it never reorders: a chunk whose draw is
 * shorter waits for the one before it (a TCP byte stream cannot be reordered).
 */
public record Latency(double delayMs, double jitterMs, LatencyDistribution distribution) implements Impairment {
  static final double MAX_MS = 60_000;

  public static final ImpairmentType TYPE = new ImpairmentType("latency",
      "delays each chunk and the end of the stream by delayMs, give or take jitterMs; never reorders",
      List.of(attribute("delayMs", "milliseconds, 0 to 60000"),
          attribute("jitterMs", "milliseconds, 0 to 60000; default 0"),
          attribute("distribution", "uniform (the default, delayMs ± jitterMs), normal (jitterMs is the standard deviation), "
              + "pareto or paretonormal, as netem")),
      Latency::parse);

  static Latency parse(ImpairmentAttributes a) {
    double delay = a.millis("delayMs", MAX_MS);
    double jitter = a.millis("jitterMs", MAX_MS, 0);
    var distribution = LatencyDistribution.named(
        a.oneOf("distribution", LatencyDistribution.apiNames(), LatencyDistribution.UNIFORM.apiName()));
    if (distribution.refusesNegativeDelays() && delay + distribution.lowest() * jitter < 0)
      throw a.invalid("jitterMs", jitter, "With the " + distribution.apiName() + " distribution a jitter of " + jitter
          + " ms would make delays below zero: jitterMs may be at most " + maxJitter(delay, distribution)
          + " (delayMs is " + delay + ").");
    return new Latency(delay, jitter, distribution);
  }

  private static double maxJitter(double delay, LatencyDistribution d) {
    return Math.floor(delay / -d.lowest() * 1e6) / 1e6;
  }

  @Override
  public ImpairmentType type() {
    return TYPE;
  }

  @Override
  public ImpairmentState start(FlowContext flow) {
    return new State(Math.round(delayMs * 1e6), jitterMs * 1e6, distribution, flow.random());
  }

  private static final class State implements ImpairmentState {
    private final long delayNanos;
    private final double jitterNanos;
    private final LatencyDistribution distribution;
    private final RandomGenerator random;
    /** When the last chunk goes on: a later one never goes before it. */
    private long last = Long.MIN_VALUE;

    State(long delayNanos, double jitterNanos, LatencyDistribution distribution, RandomGenerator random) {
      this.delayNanos = delayNanos;
      this.jitterNanos = jitterNanos;
      this.distribution = distribution;
      this.random = random;
    }

    @Override
    public Verdict onChunk(long atNanos, int size) {
      return Verdict.pass(next(atNanos), size);
    }

    @Override
    public long onEnd(long atNanos, Verdict.Outcome ending) {
      return next(atNanos);
    }

    private long next(long atNanos) {
      long delay = jitterNanos == 0 ? delayNanos
          : Math.max(0, Math.round(delayNanos + jitterNanos * distribution.sample(random)));
      last = Math.max(last, atNanos + delay);
      return last;
    }
  }
}
