package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import plemu.dataplane.FlowHash.FiveTuple;

class FlowHashTest {

  private static final List<String> TARGETS = List.of("i-aaa", "i-bbb", "i-ccc");

  private static InetSocketAddress addr(String literalIp, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(literalIp), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static FiveTuple tcpFromPort(int sourcePort) {
    return FiveTuple.tcp(addr("10.0.1.25", sourcePort), addr("10.0.2.7", 443));
  }

  @Test
  void sameTupleAndSaltPickSameTarget() {
    FiveTuple flow = tcpFromPort(40000);
    FiveTuple sameFlow = new FiveTuple("tcp", addr("10.0.1.25", 40000), addr("10.0.2.7", 443));
    assertEquals(flow, sameFlow, "protocol compared case-insensitively");
    String first = FlowHash.pick(flow, 12345L, TARGETS);
    for (int i = 0; i < 100; i++) {
      assertEquals(first, FlowHash.pick(sameFlow, 12345L, TARGETS));
      assertEquals(FlowHash.hash(flow, 12345L), FlowHash.hash(sameFlow, 12345L));
    }
  }

  @Test
  void hashIsStableAcrossRuns() {
    // Golden values: a change here means every flow in a running emulator would be re-routed.
    assertEquals(GOLDEN_TCP, FlowHash.hash(tcpFromPort(40000), 0x1234_5678L));
    assertEquals(
        GOLDEN_UDP6, FlowHash.hash(FiveTuple.udp(addr("fd00::1", 53000), addr("fd00::2", 53)), 0L));
  }

  private static final long GOLDEN_TCP = -7196221199994047520L;
  private static final long GOLDEN_UDP6 = -5466487048281296338L;

  @Test
  void distributesRandomSourcePortsEvenlyOverThreeTargets() {
    Random random = new Random(20240601L);
    int flows = 10_000;
    int[] counts = new int[TARGETS.size()];
    for (int i = 0; i < flows; i++) {
      int port = 1024 + random.nextInt(65536 - 1024);
      counts[TARGETS.indexOf(FlowHash.pick(tcpFromPort(port), 0L, TARGETS))]++;
    }
    double uniform = flows / (double) TARGETS.size();
    for (int count : counts) {
      assertTrue(
          Math.abs(count - uniform) <= 0.05 * uniform,
          () -> "counts " + java.util.Arrays.toString(counts) + " deviate more than 5% from uniform");
    }
  }

  @Test
  void distributesSequenceNumbersEvenlyForOneTuple() {
    Random random = new Random(7L);
    int flows = 10_000;
    int[] counts = new int[TARGETS.size()];
    FiveTuple flow = tcpFromPort(40000);
    for (int i = 0; i < flows; i++) {
      long initialSequenceNumber = random.nextInt() & 0xFFFF_FFFFL;
      counts[FlowHash.indexOf(flow, initialSequenceNumber, TARGETS.size())]++;
    }
    double uniform = flows / (double) TARGETS.size();
    for (int count : counts) {
      assertTrue(Math.abs(count - uniform) <= 0.05 * uniform, java.util.Arrays.toString(counts));
    }
  }

  @Test
  void differentSaltChangesChoiceForSizeableFraction() {
    int flows = 3_000;
    int changed = 0;
    for (int port = 20000; port < 20000 + flows; port++) {
      FiveTuple flow = tcpFromPort(port);
      if (!FlowHash.pick(flow, 1L, TARGETS).equals(FlowHash.pick(flow, 2L, TARGETS))) {
        changed++;
      }
    }
    // Independent choices among 3 differ with probability 2/3.
    assertTrue(changed > flows / 2, "only " + changed + " of " + flows + " flows changed target");
  }

  @Test
  void changingOnlySourcePortChangesHash() {
    Set<Long> hashes = new HashSet<>();
    for (int port = 0; port <= 65535; port++) {
      hashes.add(FlowHash.hash(tcpFromPort(port), 99L));
    }
    assertEquals(65536, hashes.size(), "every source port yields a distinct hash");
  }

  @Test
  void everyFieldAffectsHash() {
    FiveTuple base = tcpFromPort(40000);
    long h = FlowHash.hash(base, 0L);
    assertNotEquals(h, FlowHash.hash(base, 1L), "salt");
    assertNotEquals(
        h, FlowHash.hash(new FiveTuple("UDP", base.source(), base.destination()), 0L), "protocol");
    assertNotEquals(
        h, FlowHash.hash(FiveTuple.tcp(addr("10.0.1.26", 40000), base.destination()), 0L), "src IP");
    assertNotEquals(
        h, FlowHash.hash(FiveTuple.tcp(base.source(), addr("10.0.2.8", 443)), 0L), "dst IP");
    assertNotEquals(
        h, FlowHash.hash(FiveTuple.tcp(base.source(), addr("10.0.2.7", 444)), 0L), "dst port");
    assertNotEquals(
        h, FlowHash.hash(FiveTuple.tcp(base.destination(), base.source()), 0L), "direction");
  }

  @Test
  void singleBitFlipAvalanches() {
    Random random = new Random(3L);
    long totalFlippedBits = 0;
    int samples = 2_000;
    for (int i = 0; i < samples; i++) {
      int port = random.nextInt(65536);
      int bit = 1 << random.nextInt(16);
      long a = FlowHash.hash(tcpFromPort(port), 0L);
      long b = FlowHash.hash(tcpFromPort(port ^ bit), 0L);
      totalFlippedBits += Long.bitCount(a ^ b);
    }
    double average = totalFlippedBits / (double) samples;
    assertTrue(average > 30 && average < 34, "average flipped output bits " + average);
  }

  @Test
  void ipv4MappedIpv6HashesLikeIpv4() throws UnknownHostException {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    mapped[12] = 10;
    mapped[14] = 1;
    mapped[15] = 25;
    InetAddress mappedAddress = Inet6Address.getByAddress(null, mapped, -1);
    FiveTuple viaMapped =
        FiveTuple.tcp(new InetSocketAddress(mappedAddress, 40000), addr("10.0.2.7", 443));
    assertEquals(FlowHash.hash(tcpFromPort(40000), 5L), FlowHash.hash(viaMapped, 5L));
  }

  @Test
  void pickIsPureFunctionOfTupleSaltAndList() {
    List<String> copy = new ArrayList<>(TARGETS);
    List<String> linked = new LinkedList<>(TARGETS);
    for (int port = 30000; port < 30500; port++) {
      FiveTuple flow = tcpFromPort(port);
      long salt = port * 7919L;
      String chosen = FlowHash.pick(flow, salt, TARGETS);
      assertEquals(chosen, FlowHash.pick(flow, salt, copy));
      assertEquals(chosen, FlowHash.pick(flow, salt, linked));
      assertEquals(chosen, TARGETS.get(FlowHash.indexOf(flow, salt, TARGETS.size())));
      assertEquals(
          Long.remainderUnsigned(FlowHash.hash(flow, salt), 3),
          FlowHash.indexOf(flow, salt, 3),
          "index is the unsigned hash modulo the candidate count");
    }
  }

  @Test
  void singleCandidateIsAlwaysPicked() {
    Object only = new Object();
    for (int port = 0; port < 100; port++) {
      assertSame(only, FlowHash.pick(tcpFromPort(port), port, List.of(only)));
    }
  }

  @Test
  void rejectsEmptyCandidatesAndBadTuples() {
    assertThrows(
        IllegalArgumentException.class, () -> FlowHash.pick(tcpFromPort(1), 0L, List.of()));
    assertThrows(IllegalArgumentException.class, () -> FlowHash.indexOf(tcpFromPort(1), 0L, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new FiveTuple(" ", addr("10.0.0.1", 1), addr("10.0.0.2", 2)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FiveTuple.tcp(InetSocketAddress.createUnresolved("host.invalid", 1), addr("10.0.0.2", 2)));
    assertThrows(
        NullPointerException.class, () -> new FiveTuple(null, addr("10.0.0.1", 1), addr("10.0.0.2", 2)));
  }
}
