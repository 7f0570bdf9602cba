package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Latency delays each chunk from when it arrived, never reorders, and clamps at zero. */
class LatencyTest {
  private static ImpairmentState start(String... attributes) {
    return ImpairmentSpec.of("latency", attributes).parse().start(new FlowContext(0, new SplittableRandom(7)));
  }

  @Test
  void aFixedDelayIsAddedToEachChunkAndToTheEnd() {
    ImpairmentState s = start("delayMs", "0.25");
    assertEquals(Verdict.pass(1_000_250_000L, 100), s.onChunk(1_000_000_000L, 100));
    assertEquals(1_002_250_000L, s.onEnd(1_002_000_000L, Verdict.Outcome.FINISH));
  }

  @Test
  void withJitterALaterChunkNeverGoesBeforeAnEarlierOne() {
    ImpairmentState s = start("delayMs", "10", "jitterMs", "10", "distribution", "uniform");
    long last = 0;
    long sum = 0;
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      long at = 1_000_000_000L + i * 100_000L; // a chunk every 0.1 ms, much less than the jitter
      Verdict v = s.onChunk(at, 10);
      assertTrue(v.atNanos() >= last, "chunk " + i + " overtook the one before it");
      assertTrue(v.atNanos() >= at, "chunk " + i + " left before it arrived");
      last = v.atNanos();
      sum += v.atNanos() - at;
    }
    assertTrue(sum / n > 10_000_000L, "head-of-line waits make the mean delay larger than delayMs: " + sum / n);
  }

  @Test
  void sparseChunksSpreadAroundTheDelay() {
    ImpairmentState s = start("delayMs", "5", "jitterMs", "1", "distribution", "normal");
    double sum = 0;
    double squares = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      long at = i * 1_000_000_000L; // a second apart: no chunk waits for another
      double d = (s.onChunk(at, 1).atNanos() - at) / 1e6;
      sum += d;
      squares += d * d;
    }
    double mean = sum / n;
    assertEquals(5.0, mean, 0.03);
    assertEquals(1.0, Math.sqrt(squares / n - mean * mean), 0.03);
  }

  @Test
  void aNormalJitterLargerThanTheDelayIsClampedAtZero() {
    ImpairmentState s = start("delayMs", "1", "jitterMs", "5", "distribution", "normal");
    for (int i = 0; i < 1000; i++) {
      long at = i * 1_000_000_000L;
      assertTrue(s.onChunk(at, 1).atNanos() >= at);
    }
  }
}
