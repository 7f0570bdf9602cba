package plemu.dataplane;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new flows one AZ's data plane refused (reset at once), counted per network interface the flow
 * arrived at and per reason, and logged on their own logger ({@code plemu.dataplane.FlowRefusals},
 * INFO in the default logback.xml). A flood of refused flows (a port scan, a client retrying in a
 * loop) must not swamp the log: at most {@link #LOG_LINES_PER_SECOND} lines a second are written, and
 * {@link FlowRefusalPublisher} says once a second how many were left out. Every refusal is counted.
 * Thread-safe: flows arrive on the data-plane system's threads.
 */
public final class FlowRefusals {
  static final Logger log = LoggerFactory.getLogger(FlowRefusals.class);
  static final int LOG_LINES_PER_SECOND = 20;

  /** Why a flow was refused; the names are those the API shows. */
  public enum Reason {
    /** No ingress rule of the endpoint interface's security groups admits the client. */
    SecurityGroupDenied,
    /** The endpoint is not (or no longer) available: pending, rejected, deleting. */
    EndpointNotAvailable,
    /** The NLB node has no target that may take the flow (none registered in reach, none running). */
    NoTarget
  }

  private final String zoneId;
  /** Refusals not yet published, by {@link #counterKey}. */
  private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
  private long windowStart;
  private int loggedInWindow;
  private long notLogged;

  FlowRefusals(String zoneId) {
    this.zoneId = zoneId;
  }

  /** The published counter of one interface and reason: {@code <eni id>|<reason>}. */
  static String counterKey(String networkInterfaceId, Reason reason) {
    return networkInterfaceId + "|" + reason.name();
  }

  /** Counts a refused flow at {@code networkInterfaceId} and logs {@code message} (SLF4J form) unless over the rate. */
  void refused(String networkInterfaceId, Reason reason, String message, Object... args) {
    if (networkInterfaceId != null)
      pending.computeIfAbsent(counterKey(networkInterfaceId, reason), k -> new AtomicLong()).incrementAndGet();
    if (mayLog()) log.info("[{}] refused ({}): " + message, prepend(prepend(args, reason.name()), zoneId));
  }

  private synchronized boolean mayLog() {
    long now = System.nanoTime();
    if (now - windowStart > 1_000_000_000L) {
      windowStart = now;
      loggedInWindow = 0;
    }
    if (loggedInWindow < LOG_LINES_PER_SECOND) {
      loggedInWindow++;
      return true;
    }
    notLogged++;
    return false;
  }

  /** How many refusals were not logged since the last call (the rate limit). */
  synchronized long takeNotLogged() {
    long n = notLogged;
    notLogged = 0;
    return n;
  }

  /** The refusals counted since the last call, by counter key. */
  Map<String, Long> takePending() {
    Map<String, Long> out = new HashMap<>();
    for (Map.Entry<String, AtomicLong> e : pending.entrySet()) {
      long n = e.getValue().getAndSet(0);
      if (n > 0) out.put(e.getKey(), n);
    }
    return out;
  }

  String zoneId() {
    return zoneId;
  }

  private static Object[] prepend(Object[] args, Object first) {
    Object[] out = new Object[args.length + 1];
    out[0] = first;
    System.arraycopy(args, 0, out, 1, args.length);
    return out;
  }
}
