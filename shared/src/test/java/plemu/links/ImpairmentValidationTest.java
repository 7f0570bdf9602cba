package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import plemu.controlplane.AwsError;
import plemu.controlplane.AwsException;

/** Bad impairments are refused with AWS-style errors that name the attribute and its unit. */
class ImpairmentValidationTest {
  private static AwsError refusal(ImpairmentSpec... specs) {
    return assertThrows(AwsException.class, () -> ImpairmentChain.validated(List.of(specs))).error();
  }

  @Test
  void everyTypeParsesWithItsAttributes() {
    var chain = ImpairmentChain.validated(List.of(
        ImpairmentSpec.of("latency", "delayMs", "0.5", "jitterMs", "0.1", "distribution", "normal"),
        ImpairmentSpec.of("bandwidth", "bytesPerSecond", "125000"),
        ImpairmentSpec.of("stall", "durationMs", "300"),
        ImpairmentSpec.of("slow_close", "delayMs", "200"),
        ImpairmentSpec.of("limit_data", "bytes", "1000"),
        ImpairmentSpec.of("reset", "afterBytes", "10"),
        ImpairmentSpec.of("blackhole")));
    assertEquals(List.of(new Latency(0.5, 0.1, LatencyDistribution.NORMAL), new Bandwidth(125_000, 1_250),
        new Stall(300), new SlowClose(200), new LimitData(1000), new Reset(10), new Blackhole()), chain.parse());
    assertEquals(new Stall(Double.POSITIVE_INFINITY), ImpairmentSpec.of("stall").parse());
    assertEquals(new Reset(0), ImpairmentSpec.of("reset").parse());
    assertEquals(new Latency(3, 0, LatencyDistribution.UNIFORM), ImpairmentSpec.of("latency", "delayMs", "3").parse());
  }

  @Test
  void aNegativeDelayIsRefusedNamingTheAttributeAndItsUnit() {
    AwsError e = refusal(ImpairmentSpec.of("latency", "delayMs", "-5"));
    assertEquals("InvalidParameterValue", e.code());
    assertEquals(400, e.httpStatus());
    assertEquals("Value (-5) for parameter latency.delayMs is invalid. latency.delayMs is a time in milliseconds, "
        + "from 0 to 60000.", e.message());
  }

  @Test
  void numbersMustBePlainDecimals() {
    for (String bad : List.of("NaN", "Infinity", "1e3", "0x10", "5ms", "", " 5", "60000.5"))
      assertEquals("InvalidParameterValue", refusal(ImpairmentSpec.of("latency", "delayMs", bad)).code(), bad);
    for (String bad : List.of("1.5", "-1", "99999999999999999999", "0"))
      assertEquals("InvalidParameterValue", refusal(ImpairmentSpec.of("bandwidth", "bytesPerSecond", bad)).code(), bad);
  }

  @Test
  void aJitterLargerThanTheDelayIsRefusedWhereTheDistributionNeedsIt() {
    AwsError uniform = refusal(ImpairmentSpec.of("latency", "delayMs", "1", "jitterMs", "2"));
    assertEquals("InvalidParameterValue", uniform.code());
    assertTrue(uniform.message().startsWith("Value (2.0) for parameter latency.jitterMs is invalid. With the uniform "
        + "distribution a jitter of 2.0 ms would make delays below zero: jitterMs may be at most 1.0"), uniform.message());
    AwsError pareto = refusal(ImpairmentSpec.of("latency", "delayMs", "1", "jitterMs", "1.6", "distribution", "pareto"));
    assertTrue(pareto.message().contains("at most 1.5"), pareto.message());
    // pareto reaches only 2/3 of the jitter below the delay; normal tails are clamped at zero instead
    ImpairmentSpec.of("latency", "delayMs", "1", "jitterMs", "1.5", "distribution", "pareto").parse();
    ImpairmentSpec.of("latency", "delayMs", "1", "jitterMs", "2", "distribution", "normal").parse();
  }

  @Test
  void unknownTypesAttributesAndChoicesAreRefused() {
    AwsError type = refusal(ImpairmentSpec.of("packet_loss", "percent", "5"));
    assertEquals("Value (packet_loss) for parameter Type is invalid. Known impairment types: bandwidth, blackhole, "
        + "latency, limit_data, reset, slow_close, stall.", type.message());
    AwsError attribute = refusal(ImpairmentSpec.of("latency", "delayMs", "5", "latencyMs", "5"));
    assertEquals("InvalidParameterValue", attribute.code());
    assertTrue(attribute.message().startsWith("Value (5) for parameter latency.latencyMs is invalid. The latency "
        + "impairment has no attribute latencyMs; it has delayMs (milliseconds, 0 to 60000), jitterMs"), attribute.message());
    assertTrue(refusal(ImpairmentSpec.of("blackhole", "durationMs", "5")).message().endsWith("it has none."));
    AwsError choice = refusal(ImpairmentSpec.of("latency", "delayMs", "5", "distribution", "gaussian"));
    assertEquals("Value (gaussian) for parameter latency.distribution is invalid. latency.distribution is one of "
        + "uniform, normal, pareto, paretonormal.", choice.message());
  }

  @Test
  void aMissingRequiredAttributeIsAMissingParameter() {
    AwsError e = refusal(ImpairmentSpec.of("bandwidth"));
    assertEquals("MissingParameter", e.code());
    assertEquals("The request must contain the parameter bandwidth.bytesPerSecond", e.message());
  }

  @Test
  void aChainHoldsEachTypeOnce() {
    AwsError e = refusal(ImpairmentSpec.of("latency", "delayMs", "1"), ImpairmentSpec.of("latency", "delayMs", "2"));
    assertEquals("InvalidParameterCombination", e.code());
    assertEquals("A chain holds at most one impairment of each type; latency appears twice.", e.message());
  }

  @Test
  void bytesAndRatesHaveTheirUnitsInTheMessage() {
    assertEquals("Value (-1) for parameter limit_data.bytes is invalid. limit_data.bytes is a whole number of bytes, "
        + "from 0 to 9223372036854775807.", refusal(ImpairmentSpec.of("limit_data", "bytes", "-1")).message());
    assertTrue(refusal(ImpairmentSpec.of("bandwidth", "bytesPerSecond", "0")).message()
        .endsWith("is a whole number of bytes per second, from 1 to 100000000000."));
  }
}
