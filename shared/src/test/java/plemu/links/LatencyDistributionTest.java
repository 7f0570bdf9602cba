package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The jitter distributions have netem's shapes: golden quantiles, bounds, and moments of seeded samples. */
class LatencyDistributionTest {
  private static double[] samples(LatencyDistribution d, int n) {
    SplittableRandom random = new SplittableRandom(42);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = d.sample(random);
    return out;
  }

  private static double mean(double[] x) {
    return Arrays.stream(x).average().orElseThrow();
  }

  private static double sd(double[] x) {
    double m = mean(x);
    return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
  }

  @Test
  void theNormalQuantileHasItsTextbookValues() {
    assertEquals(0.0, NormalQuantile.of(0.5), 1e-12);
    assertEquals(1.959963985, NormalQuantile.of(0.975), 1e-8);
    assertEquals(-1.959963985, NormalQuantile.of(0.025), 1e-8);
    assertEquals(1.0, NormalQuantile.of(0.8413447461), 1e-8);
    assertEquals(-3.090232306, NormalQuantile.of(0.001), 1e-8);
    assertEquals(3.719016485, NormalQuantile.of(0.9999), 1e-7);
  }

  @Test
  void quantilesFollowNetemsTables() {
    assertEquals(-1.0, LatencyDistribution.UNIFORM.at(0), 1e-12);
    assertEquals(0.5, LatencyDistribution.UNIFORM.at(0.75), 1e-12);
    // pareto.c: (4/3) * (u^(-1/3) - 1.5) with u = 1 - p
    assertEquals(-2.0 / 3.0, LatencyDistribution.PARETO.at(0), 1e-12);
    assertEquals(2.0 / 3.0, LatencyDistribution.PARETO.at(1 - 1.0 / 8), 1e-12);
    assertEquals(4.0, LatencyDistribution.PARETO.at(0.999999), 1e-12); // the 16-bit table's ceiling
    // paretonormal.c: (normal + 3 * pareto) / 4 at the same quantile
    assertEquals((NormalQuantile.of(0.9) + 3 * LatencyDistribution.PARETO.at(0.9)) / 4,
        LatencyDistribution.PARETONORMAL.at(0.9), 1e-12);
    assertEquals(-4.0, LatencyDistribution.NORMAL.at(1e-12), 1e-12);
  }

  @Test
  void seededSamplesHaveZeroMeanAndTheExpectedSpread() {
    double[] uniform = samples(LatencyDistribution.UNIFORM, 200_000);
    assertEquals(0, mean(uniform), 0.01);
    assertEquals(1 / Math.sqrt(3), sd(uniform), 0.01);
    assertTrue(Arrays.stream(uniform).allMatch(v -> v >= -1 && v < 1));

    double[] normal = samples(LatencyDistribution.NORMAL, 200_000);
    assertEquals(0, mean(normal), 0.01);
    assertEquals(1, sd(normal), 0.01);

    double[] pareto = samples(LatencyDistribution.PARETO, 200_000);
    assertTrue(Arrays.stream(pareto).allMatch(v -> v >= -2.0 / 3.0 - 1e-12 && v <= 4), "pareto stays in [-2/3, 4]");
    // the ceiling at 4 takes 4/3 × 1/(2 × 4.5²) = 0.033 off the mean of the long tail, as in netem's table
    assertEquals(-0.033, mean(pareto), 0.01);
    assertTrue(Arrays.stream(pareto).sorted().toArray()[100_000] < 0, "pareto's median is below its mean");

    double[] paretonormal = samples(LatencyDistribution.PARETONORMAL, 200_000);
    assertEquals(0, mean(paretonormal), 0.03);
    assertTrue(Arrays.stream(paretonormal).allMatch(v -> v >= -4 && v <= 4));
  }

  @Test
  void theSameSeedGivesTheSameSamples() {
    assertTrue(Arrays.equals(samples(LatencyDistribution.PARETONORMAL, 100), samples(LatencyDistribution.PARETONORMAL, 100)));
  }
}
