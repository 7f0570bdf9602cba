package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * One direction of a flow through a chain, on a clock the test moves: what is held, when it goes
 * on, in which order, and what a change of the chain does to what is held.
 */
class ImpairedDirectionTest {
  static final long MS = 1_000_000L;
  long now = 1_000 * MS;
  final List<Long> wakes = new ArrayList<>();
  final LiveChain chain = new LiveChain(ImpairmentChain.EMPTY, () -> now);
  final ImpairedDirection pipe = new ImpairedDirection(chain, at -> {
    wakes.add(at);
    return () -> {};
  }, new SplittableRandom(3), 1000, 100);

  static ImpairmentChain chainOf(ImpairmentSpec... specs) {
    return ImpairmentChain.of(specs);
  }

  static ByteString bytes(String s) {
    return ByteString.fromString(s);
  }

  /** Moves the clock to {@code at} and wakes the pipe, as the timer would. */
  void advanceTo(long at) {
    now = at;
    pipe.onTimer(now);
  }

  String taken() {
    StringBuilder out = new StringBuilder();
    while (pipe.hasData()) out.append(pipe.takeData().utf8String());
    return out.toString();
  }

  @Test
  void anEmptyChainPassesThrough() {
    pipe.onChainChanged(now);
    assertTrue(pipe.passesThrough());
    chain.set(chainOf(ImpairmentSpec.of("latency", "delayMs", "1")));
    assertFalse(pipe.passesThrough(), "a change is seen at the next chunk");
    chain.clear();
    pipe.onChainChanged(now);
    assertTrue(pipe.passesThrough());
  }

  @Test
  void latencyHoldsEachChunkFromItsArrivalAndAsksToBeWoken() {
    chain.set(chainOf(ImpairmentSpec.of("latency", "delayMs", "10")));
    pipe.offer(bytes("a"), now);
    now += 3 * MS;
    pipe.offer(bytes("b"), now);
    assertEquals(List.of(1_010 * MS), wakes);
    assertFalse(pipe.hasData());
    advanceTo(1_010 * MS - 1);
    assertFalse(pipe.hasData(), "not a nanosecond early");
    advanceTo(1_010 * MS);
    assertEquals("a", taken());
    assertEquals(1_013 * MS, wakes.get(wakes.size() - 1));
    advanceTo(1_013 * MS);
    assertEquals("b", taken());
    pipe.finish(now);
    assertNull(pipe.ending(), "the FIN is delayed like data");
    advanceTo(1_023 * MS);
    assertEquals(Verdict.Outcome.FINISH, pipe.ending());
  }

  @Test
  void aLaterImpairmentSeesTheTimeTheEarlierOneLetAChunkGo() {
    chain.set(chainOf(ImpairmentSpec.of("latency", "delayMs", "10"),
        ImpairmentSpec.of("bandwidth", "bytesPerSecond", "1000", "burstBytes", "1")));
    pipe.offer(bytes("x".repeat(10)), now); // 10 bytes at 1,000 B/s: pieces of 5 bytes, 5 ms apart
    advanceTo(now + 12 * MS); // the timer came 2 ms late
    assertEquals("xxxxx", taken(), "the first piece left at 1,010 ms, when the latency let it go");
    advanceTo(1_014 * MS - 1);
    assertEquals("", taken());
    advanceTo(1_014 * MS);
    assertEquals("xxxxx", taken(), "5 ms (less the 1 ms the 1-byte bucket holds) after the first, not after the late timer");
  }

  @Test
  void heldBytesStopIntakeAtTheBound() {
    chain.set(chainOf(ImpairmentSpec.of("stall")));
    for (int i = 0; i < 9; i++) pipe.offer(bytes("x".repeat(100)), now);
    assertTrue(pipe.hasRoom());
    pipe.offer(bytes("x".repeat(100)), now);
    assertFalse(pipe.hasRoom(), "1000 bytes held");
    assertEquals(1000, pipe.heldBytes());
  }

  @Test
  void clearingAStallReleasesWhatItHoldsInOrder() {
    chain.set(chainOf(ImpairmentSpec.of("stall", "durationMs", "10000")));
    pipe.offer(bytes("a"), now);
    pipe.offer(bytes("b"), now);
    pipe.finish(now);
    assertEquals("", taken());
    chain.clear();
    pipe.onChainChanged(now);
    assertEquals("ab", taken());
    assertEquals(Verdict.Outcome.FINISH, pipe.ending());
  }

  @Test
  void aStallEndsOnItsOwnAfterItsDuration() {
    chain.set(chainOf(ImpairmentSpec.of("stall", "durationMs", "300")));
    now += 100 * MS;
    pipe.offer(bytes("a"), now);
    assertEquals(List.of(1_300 * MS), wakes, "held until 300 ms after the stall was set, not after the chunk came");
    advanceTo(1_300 * MS);
    assertEquals("a", taken());
    pipe.offer(bytes("b"), now);
    assertEquals("b", taken());
  }

  @Test
  void aBlackholeDropsBytesWithholdsTheFinAndLetsItGoWhenCleared() {
    chain.set(chainOf(ImpairmentSpec.of("blackhole")));
    pipe.offer(bytes("lost"), now);
    assertEquals(0, pipe.heldBytes());
    pipe.finish(now);
    assertNull(pipe.ending());
    assertTrue(wakes.isEmpty(), "nothing to wake up for");
    chain.clear();
    pipe.onChainChanged(now);
    assertEquals("", taken(), "dropped bytes are gone");
    assertEquals(Verdict.Outcome.FINISH, pipe.ending());
  }

  @Test
  void limitDataPassesItsBytesThenFinishesAndDropsTheRest() {
    chain.set(chainOf(ImpairmentSpec.of("limit_data", "bytes", "5")));
    pipe.offer(bytes("abc"), now);
    pipe.offer(bytes("defgh"), now);
    pipe.offer(bytes("ijk"), now);
    assertEquals("abcde", taken());
    assertEquals(Verdict.Outcome.FINISH, pipe.ending());
    assertEquals(0, pipe.heldBytes());
  }

  @Test
  void aResetFollowsItsBytesThroughTheRestOfTheChain() {
    chain.set(chainOf(ImpairmentSpec.of("reset", "afterBytes", "2"), ImpairmentSpec.of("latency", "delayMs", "5")));
    pipe.offer(bytes("abc"), now);
    assertNull(pipe.ending());
    advanceTo(now + 5 * MS);
    assertEquals("ab", taken());
    assertEquals(Verdict.Outcome.RESET, pipe.ending());
  }

  @Test
  void aResetWithoutBytesActsAtOnceEvenOnAnIdleFlow() {
    pipe.onChainChanged(now);
    chain.set(chainOf(ImpairmentSpec.of("reset")));
    pipe.onChainChanged(now);
    assertEquals(Verdict.Outcome.RESET, pipe.ending());
  }

  @Test
  void anUnchangedImpairmentKeepsItsStateAcrossAChange() {
    var limit = ImpairmentSpec.of("limit_data", "bytes", "4");
    chain.set(chainOf(limit));
    pipe.offer(bytes("ab"), now);
    chain.set(chainOf(limit, ImpairmentSpec.of("slow_close", "delayMs", "1")));
    pipe.offer(bytes("cdef"), now);
    assertEquals("abcd", taken(), "the limit kept counting");
  }

  @Test
  void aChangedLatencyLetsWhatItHoldsGoOnFromItsPlace() {
    chain.set(chainOf(ImpairmentSpec.of("latency", "delayMs", "100"), ImpairmentSpec.of("slow_close", "delayMs", "1")));
    pipe.offer(bytes("old"), now);
    now += 10 * MS;
    chain.set(chainOf(ImpairmentSpec.of("latency", "delayMs", "50"), ImpairmentSpec.of("slow_close", "delayMs", "1")));
    pipe.offer(bytes("new"), now);
    assertEquals("old", taken(), "in flight when the latency changed: released, not delayed again");
    advanceTo(now + 50 * MS);
    assertEquals("new", taken());
  }

  @Test
  void anAddedImpairmentNeverLetsNewBytesOvertakeHeldOnes() {
    chain.set(chainOf(ImpairmentSpec.of("latency", "delayMs", "100")));
    pipe.offer(bytes("1"), now);
    chain.set(chainOf(ImpairmentSpec.of("bandwidth", "bytesPerSecond", "1000000"), ImpairmentSpec.of("latency", "delayMs", "100")));
    pipe.offer(bytes("2"), now);
    advanceTo(now + 100 * MS);
    assertEquals("12", taken());
  }

  @Test
  void reorderingTheChainReleasesEverythingInOrder() {
    var stall = ImpairmentSpec.of("stall");
    var latency = ImpairmentSpec.of("latency", "delayMs", "100");
    chain.set(chainOf(latency, stall));
    pipe.offer(bytes("a"), now);
    advanceTo(now + 100 * MS); // "a" waits in the stall now
    pipe.offer(bytes("b"), now); // "b" in the latency
    chain.set(chainOf(stall, latency));
    pipe.offer(bytes("c"), now);
    assertEquals("ab", taken(), "held bytes went out in order; c waits in the new stall");
  }
}
