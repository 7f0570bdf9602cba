package plemu.dataplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * The source ports an NLB node uses on its own host address, chosen here rather than by the kernel.
 *
 * <p>Every connection to a target is bound to the node's address. With port 0 the kernel must find
 * a port that no socket on that address holds, TIME_WAIT entries included: after a few seconds of
 * new flows the search takes most of the CPU and the rate collapses, then {@code bind} fails with
 * EADDRINUSE once the ephemeral range is full of TIME_WAIT (measured: scripts/bench --srcport).
 * Choosing the port here (round robin, skipping the ports of open flows and listeners) and binding
 * it with SO_REUSEADDR lets the kernel take over a TIME_WAIT entry of the same address and port at
 * connect time (an explicitly bound socket may, given TCP timestamps, whatever
 * {@code net.ipv4.tcp_tw_reuse} says).
 *
 * <p>The ports come from their own range ({@code plemu.data-plane.source-ports}, 61000-65535 by
 * default), outside the kernel's ephemeral range: the kernel's own port choice for an unbound
 * {@code connect} skips every port some socket has explicitly bound, on any address, so binding
 * ports of the ephemeral range would starve every other client of the host (the benchmark's
 * clients failed with EADDRNOTAVAIL after 28,000 flows). When every port of the range is held by an
 * open flow, the kernel chooses (port 0).
 *
 * <p>One allocator per address of an AZ node (its NLB nodes' addresses: {@link ZoneFlows#ports}), as
 * the kernel's port space is per address; each node has its own, however many share a JVM.
 */
final class SourcePorts {
  /** The default range: above Linux's default ephemeral range (32768-60999). */
  static final int[] DEFAULT_RANGE = {61000, 65535};

  private final BitSet inUse = new BitSet(65536);
  private final int[] portRange;
  private int next;

  SourcePorts(int[] range) {
    this.portRange = range.clone();
    this.next = range[0];
  }

  /**
   * The range {@code low-high} of {@code plemu.data-plane.source-ports}; refuses one that overlaps
   * the kernel's ephemeral range, which would starve the host's other clients.
   */
  static int[] range(String lowHigh) {
    String[] parts = lowHigh.trim().split("-");
    int low = Integer.parseInt(parts[0].trim());
    int high = Integer.parseInt(parts[1].trim());
    if (low < 1024 || high > 65535 || low > high)
      throw new IllegalArgumentException("plemu.data-plane.source-ports: '" + lowHigh + "' is not a range within 1024-65535");
    int[] ephemeral = ephemeralRange();
    if (low <= ephemeral[1] && high >= ephemeral[0])
      throw new IllegalArgumentException("plemu.data-plane.source-ports " + lowHigh + " overlaps the kernel's ephemeral "
          + "range " + ephemeral[0] + "-" + ephemeral[1] + " (net.ipv4.ip_local_port_range): choose ports outside it");
    return new int[] {low, high};
  }

  /** A port no open flow or listener of this address holds, or 0 (the kernel chooses) when all are held. */
  synchronized int acquire() {
    int size = portRange[1] - portRange[0] + 1;
    for (int i = 0; i < size; i++) {
      int port = next;
      next = port == portRange[1] ? portRange[0] : port + 1;
      if (!inUse.get(port)) {
        inUse.set(port);
        return port;
      }
    }
    return 0;
  }

  /** Gives back a port from {@link #acquire} once its connection is closed (0 is ignored). */
  synchronized void release(int port) {
    if (port > 0) inUse.clear(port);
  }

  /** Keeps a listener's port out of the allocation while it is bound. */
  synchronized void reserve(int port) {
    inUse.set(port);
  }

  int[] range() {
    return portRange.clone();
  }

  /** {@code net.ipv4.ip_local_port_range}, or Linux's default 32768-60999 where it cannot be read. */
  private static int[] ephemeralRange() {
    try {
      String[] parts = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      int low = Integer.parseInt(parts[0]);
      int high = Integer.parseInt(parts[1]);
      if (low > 0 && high >= low && high < 65536) return new int[] {low, high};
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: use the default below
    }
    return new int[] {32768, 60999};
  }
}
