package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Limit data, reset, stall, slow close and blackhole decide what they should, chunk by chunk. */
class ImpairmentStatesTest {
  private static final long SET_AT = 10_000_000_000L;

  private static ImpairmentState start(String type, String... attributes) {
    return ImpairmentSpec.of(type, attributes).parse().start(new FlowContext(SET_AT, new SplittableRandom(1)));
  }

  @Test
  void limitDataLetsTheBytesThroughThenFinishes() {
    ImpairmentState s = start("limit_data", "bytes", "1000");
    assertEquals(Verdict.Outcome.PASS, s.onStart(SET_AT));
    assertEquals(Verdict.pass(SET_AT, 600), s.onChunk(SET_AT, 600));
    assertEquals(Verdict.finishAfter(SET_AT + 1, 400), s.onChunk(SET_AT + 1, 600));
    assertEquals(Verdict.Outcome.FINISH, start("limit_data", "bytes", "0").onStart(SET_AT));
    assertEquals(Verdict.finishAfter(SET_AT, 5), start("limit_data", "bytes", "5").onChunk(SET_AT, 5));
  }

  @Test
  void resetResetsAtOnceOrAfterItsBytes() {
    assertEquals(Verdict.Outcome.RESET, start("reset").onStart(SET_AT));
    ImpairmentState s = start("reset", "afterBytes", "100");
    assertEquals(Verdict.Outcome.PASS, s.onStart(SET_AT));
    assertEquals(Verdict.pass(SET_AT, 99), s.onChunk(SET_AT, 99));
    assertEquals(Verdict.resetAfter(SET_AT, 1), s.onChunk(SET_AT, 50));
    assertEquals(SET_AT + 3, s.onEnd(SET_AT + 3, Verdict.Outcome.FINISH));
  }

  @Test
  void aStallHoldsUntilItsDurationAfterItWasSet() {
    ImpairmentState s = start("stall", "durationMs", "300");
    long end = SET_AT + 300_000_000L;
    assertEquals(Verdict.pass(end, 10), s.onChunk(SET_AT + 5, 10));
    assertEquals(end, s.onEnd(SET_AT + 6, Verdict.Outcome.FINISH));
    assertEquals(SET_AT + 6, s.onEnd(SET_AT + 6, Verdict.Outcome.RESET));
    assertEquals(Verdict.pass(end + 1, 10), s.onChunk(end + 1, 10));
    assertEquals(ImpairmentState.NEVER, start("stall").onChunk(SET_AT, 1).atNanos());
  }

  @Test
  void slowCloseDelaysOnlyTheFin() {
    ImpairmentState s = start("slow_close", "delayMs", "200");
    assertEquals(Verdict.pass(SET_AT, 10), s.onChunk(SET_AT, 10));
    assertEquals(SET_AT + 200_000_000L, s.onEnd(SET_AT, Verdict.Outcome.FINISH));
    assertEquals(SET_AT, s.onEnd(SET_AT, Verdict.Outcome.RESET));
  }

  @Test
  void aBlackholeDropsEverythingAndWithholdsTheEnd() {
    ImpairmentState s = start("blackhole");
    assertEquals(Verdict.drop(SET_AT), s.onChunk(SET_AT, 1000));
    assertEquals(ImpairmentState.NEVER, s.onEnd(SET_AT, Verdict.Outcome.FINISH));
  }
}
