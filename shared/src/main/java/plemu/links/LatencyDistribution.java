package plemu.links;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How jitter spreads a latency, as Linux netem has it: a delay is {@code delay + jitter × sample}
 * with a sample of (about) zero mean from one of these. Uniform is netem's default ({@code mu ± sigma},
 * {@code tabledist} in sch_netem.c); normal, pareto and paretonormal follow the tables iproute2
 * generates (netem/normal.c, pareto.c, paretonormal.c: pareto with a = 3 shifted to zero mean and
 * scaled by 4/3, paretonormal = (normal + 3 × pareto) / 4 at the same quantile), computed here from
 * the quantile instead of a 4096-entry table, and clipped to ±4 as the tables' 16-bit entries are
 * (which takes 0.033 × jitter off pareto's mean).
 * Samples below zero total delay are clamped to zero; chunks still keep their order.
 */
public enum LatencyDistribution {
  UNIFORM("uniform", -1.0, true),
  NORMAL("normal", -4.0, false),
  PARETO("pareto", -2.0 / 3.0, true),
  PARETONORMAL("paretonormal", -1.5, false);

  private static final double TABLE_LIMIT = 4.0;

  private final String apiName;
  private final double lowest;
  private final boolean bounded;

  LatencyDistribution(String apiName, double lowest, boolean bounded) {
    this.apiName = apiName;
    this.lowest = lowest;
    this.bounded = bounded;
  }

  public String apiName() {
    return apiName;
  }

  /** The lowest sample, in units of the jitter. */
  public double lowest() {
    return lowest;
  }

  /**
   * Whether the distribution is bounded below by design (uniform, pareto), so that a jitter whose
   * lowest sample goes below zero delay is refused; normal and paretonormal have long lower tails
   * that are clamped at zero instead.
   */
  public boolean refusesNegativeDelays() {
    return bounded;
  }

  public static List<String> apiNames() {
    return Arrays.stream(values()).map(LatencyDistribution::apiName).toList();
  }

  public static LatencyDistribution named(String apiName) {
    for (LatencyDistribution d : values()) if (d.apiName.equals(apiName)) return d;
    throw new IllegalArgumentException("unknown distribution " + apiName);
  }

  /** A sample in units of the jitter. */
  public double sample(RandomGenerator random) {
    return at(random.nextDouble());
  }

  /** The sample at quantile {@code p} in [0, 1). */
  double at(double p) {
    return switch (this) {
      case UNIFORM -> 2 * p - 1;
      case NORMAL -> clip(NormalQuantile.of(p));
      case PARETO -> pareto(p);
      case PARETONORMAL -> clip((clip(NormalQuantile.of(p)) + 3 * pareto(p)) / 4);
    };
  }

  /** netem's pareto entry at quantile p: (4/3) × ((1 - p)^(-1/3) - 1.5), at most 4. */
  private static double pareto(double p) {
    return Math.min(TABLE_LIMIT, (4.0 / 3.0) * (1.0 / Math.cbrt(1 - p) - 1.5));
  }

  private static double clip(double x) {
    return Math.max(-TABLE_LIMIT, Math.min(TABLE_LIMIT, x));
  }
}
