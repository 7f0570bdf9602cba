package plemu.links;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Impairments as a client sees them through real sockets: a relay on loopback puts the link between
 * the client and an echo server. Lower bounds on time are strict (a timer never fires early); upper
 * bounds are loose, for a busy 2-core box.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkImpairmentsOverTcpTest {
  static final long MS = 1_000_000L;
  final LinkRelay relay;

  LinkImpairmentsOverTcpTest() throws Exception {
    relay = new LinkRelay();
  }

  @AfterEach
  void clearChains() {
    for (Direction d : Direction.values()) relay.chain(d).clear();
  }

  @AfterAll
  void stop() throws Exception {
    relay.close();
  }

  /** One byte there and back; the round trip in nanoseconds. */
  static long ping(Socket s) throws IOException {
    long t0 = System.nanoTime();
    s.getOutputStream().write('p');
    assertEquals('p', s.getInputStream().read());
    return System.nanoTime() - t0;
  }

  static long[] pings(Socket s, int n) throws IOException {
    long[] rtt = new long[n];
    for (int i = 0; i < n; i++) rtt[i] = ping(s);
    Arrays.sort(rtt);
    return rtt;
  }

  static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] out = in.readNBytes(n);
    assertEquals(n, out.length, "bytes before the end of the stream");
    return out;
  }

  @Test
  void latencyOnBothDirectionsAddsTwiceTheDelayToTheRoundTrip() throws IOException {
    relay.set(Direction.UPSTREAM, ImpairmentSpec.of("latency", "delayMs", "20"));
    relay.set(Direction.DOWNSTREAM, ImpairmentSpec.of("latency", "delayMs", "20"));
    try (Socket s = relay.connect()) {
      long[] rtt = pings(s, 15);
      assertTrue(rtt[0] >= 40 * MS, "every round trip takes at least 2 x 20 ms: " + rtt[0] / 1e6);
      assertTrue(rtt[7] <= 65 * MS, "median round trip " + rtt[7] / 1e6 + " ms");
    }
    relay.set(Direction.UPSTREAM, ImpairmentSpec.of("latency", "delayMs", "0.5"));
    relay.set(Direction.DOWNSTREAM, ImpairmentSpec.of("latency", "delayMs", "0.5"));
    try (Socket s = relay.connect()) {
      long[] rtt = pings(s, 50);
      assertTrue(rtt[0] >= MS, "sub-millisecond delays are held too: " + rtt[0] / 1e6);
      assertTrue(rtt[25] <= 4 * MS, "median round trip " + rtt[25] / 1e6 + " ms");
    }
  }

  @Test
  void aChangeAppliesToAnOpenFlowAtTheNextChunkAndClearingRestoresIt() throws IOException {
    try (Socket s = relay.connect()) {
      long before = pings(s, 5)[2];
      relay.set(Direction.DOWNSTREAM, ImpairmentSpec.of("latency", "delayMs", "50"));
      assertTrue(ping(s) >= 50 * MS, "the next chunk after the change is delayed");
      relay.chain(Direction.DOWNSTREAM).clear();
      long after = pings(s, 5)[2];
      assertTrue(after < 25 * MS, "cleared: back to " + after / 1e6 + " ms (before: " + before / 1e6 + ")");
    }
  }

  @Test
  void aBandwidthCapHoldsThroughputNearTheCap() throws Exception {
    int rate = 1_000_000;
    int total = 1_500_000;
    relay.set(Direction.DOWNSTREAM, ImpairmentSpec.of("bandwidth", "bytesPerSecond", Integer.toString(rate)));
    try (Socket s = relay.connect()) {
      byte[] data = new byte[total];
      new java.util.Random(5).nextBytes(data);
      long t0 = System.nanoTime();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          s.getOutputStream().write(data);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      byte[] back = readFully(s.getInputStream(), total);
      double seconds = (System.nanoTime() - t0) / 1e9;
      writer.get(5, TimeUnit.SECONDS);
      assertArrayEquals(data, back);
      double measured = total / seconds;
      assertTrue(measured <= rate * 1.02, "at most the cap (and its 10 ms burst): " + measured + " B/s");
      assertTrue(measured >= rate * 0.7, "near the cap: " + measured + " B/s");
    }
  }

  @Test
  void aStallHoldsBytesUntilItEndsThenTheFlowGoesOn() throws IOException {
    try (Socket s = relay.connect()) {
      ping(s);
      long t0 = System.nanoTime();
      relay.set(Direction.UPSTREAM, ImpairmentSpec.of("stall", "durationMs", "300"));
      s.getOutputStream().write('a');
      assertEquals('a', s.getInputStream().read());
      long held = System.nanoTime() - t0;
      assertTrue(held >= 300 * MS && held < 1_500 * MS, "held " + held / 1e6 + " ms");
      assertTrue(ping(s) < 200 * MS, "after the stall the flow is as before");
    }
  }

  @Test
  void limitDataEndsTheStreamAfterItsBytes() throws IOException {
    relay.set(Direction.DOWNSTREAM, ImpairmentSpec.of("limit_data", "bytes", "1000"));
    try (Socket s = relay.connect()) {
      s.getOutputStream().write(new byte[3000]);
      readFully(s.getInputStream(), 1000);
      assertEquals(-1, s.getInputStream().read(), "EOF (a FIN) after 1000 bytes");
    }
  }

  @Test
  void resetAfterBytesResetsTheClientInsteadOfClosing() throws IOException {
    relay.set(Direction.DOWNSTREAM, ImpairmentSpec.of("reset", "afterBytes", "1000"));
    try (Socket s = relay.connect()) {
      s.getOutputStream().write(new byte[3000]);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      int[] read = {0};
      SocketException reset = assertThrows(SocketException.class, () -> {
        int n;
        while ((n = in.read(buf)) >= 0) read[0] += n;
        throw new AssertionError("a clean EOF after " + read[0] + " bytes, not a reset");
      });
      assertTrue(reset.getMessage().toLowerCase().contains("reset"), reset.getMessage());
      assertTrue(read[0] <= 1000, "at most the bytes before the reset: " + read[0]);
    }
  }

  @Test
  void aResetWithoutBytesResetsAnIdleOpenFlowAtOnce() throws IOException {
    try (Socket s = relay.connect()) {
      ping(s);
      relay.set(Direction.UPSTREAM, ImpairmentSpec.of("reset"));
      SocketException reset = assertThrows(SocketException.class, () -> s.getInputStream().read());
      assertTrue(reset.getMessage().toLowerCase().contains("reset"), reset.getMessage());
    }
  }

  @Test
  void slowCloseDelaysTheFin() throws IOException {
    relay.set(Direction.DOWNSTREAM, ImpairmentSpec.of("slow_close", "delayMs", "300"));
    try (Socket s = relay.connect()) {
      assertTrue(ping(s) < 200 * MS, "data is not delayed");
      long t0 = System.nanoTime();
      s.shutdownOutput(); // the echo server closes when it sees our FIN
      assertEquals(-1, s.getInputStream().read());
      long late = System.nanoTime() - t0;
      assertTrue(late >= 300 * MS && late < 1_500 * MS, "FIN after " + late / 1e6 + " ms");
    }
  }

  @Test
  void aBlackholeMakesTheClientTimeOutNotFailThenClearingLetsLaterBytesThrough() throws IOException {
    relay.set(Direction.UPSTREAM, ImpairmentSpec.of("blackhole"));
    try (Socket s = relay.connect()) { // accepted, not refused
      s.setSoTimeout(500);
      s.getOutputStream().write('x');
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "neither data, nor EOF, nor reset");
      relay.chain(Direction.UPSTREAM).clear();
      s.setSoTimeout(5000);
      s.getOutputStream().write('y');
      assertEquals('y', s.getInputStream().read(), "the blackholed byte is gone, the next one passes");
    }
  }

  @Test
  void withoutImpairmentsTheRelayIsAPlainPipeWithHalfCloseAndLeavesNoSubscription() throws Exception {
    try (Socket s = relay.connect()) {
      byte[] data = new byte[300_000];
      new java.util.Random(9).nextBytes(data);
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          s.getOutputStream().write(data);
          s.shutdownOutput();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      assertArrayEquals(data, readFully(s.getInputStream(), data.length));
      assertEquals(-1, s.getInputStream().read(), "the FIN came back");
      writer.get(5, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + 5_000 * MS;
    while (relay.chain(Direction.UPSTREAM).subscribers() + relay.chain(Direction.DOWNSTREAM).subscribers() > 0
        && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(10 * MS); // poll until the deadline
    assertEquals(0, relay.chain(Direction.UPSTREAM).subscribers() + relay.chain(Direction.DOWNSTREAM).subscribers(),
        "an ended flow no longer listens to its link");
  }
}
