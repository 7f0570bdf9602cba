package plemu.dataplane;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source ports an NLB node uses on its own host address, chosen here rather than by the kernel.
 *
 * <p>Every connection to a target is bound to the node's address. With port 0 the kernel must find
 * a port that no socket on that address holds, TIME_WAIT entries included: after a few seconds of
 * new flows the search takes most of the CPU and the rate collapses, then {@code bind} fails with
 * EADDRINUSE once the ephemeral range is full of TIME_WAIT (measured: scripts/bench --srcport).
 * Choosing the port here, round robin over the ephemeral range and skipping the ports of open flows
 * and of listeners, and binding it with SO_REUSEADDR lets the kernel take over a TIME_WAIT entry at
 * connect time (which {@code net.ipv4.tcp_tw_reuse} allows: 2, the default, for loopback).
 *
 * <p>One allocator per address for the whole JVM, as the kernel's port space is per address.
 */
final class SourcePorts {
  private static final Map<InetAddress, SourcePorts> BY_ADDRESS = new ConcurrentHashMap<>();
  private static final int[] RANGE = ephemeralRange();

  private final BitSet inUse = new BitSet(65536);
  private int next = RANGE[0];

  private SourcePorts() {}

  static SourcePorts of(InetAddress address) {
    return BY_ADDRESS.computeIfAbsent(address, a -> new SourcePorts());
  }

  /** A port no open flow or listener of this address holds, or 0 (the kernel chooses) when all are held. */
  synchronized int acquire() {
    int size = RANGE[1] - RANGE[0] + 1;
    for (int i = 0; i < size; i++) {
      int port = next;
      next = port == RANGE[1] ? RANGE[0] : port + 1;
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

  static int[] range() {
    return RANGE.clone();
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
