package plemu.dataplane;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import plemu.controlplane.Desired;
import plemu.model.Instance;
import plemu.model.Ipv4;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.Target;
import plemu.model.TargetGroup;

/**
 * How an NLB node routes a new flow: the listener's target group, the targets this node may use
 * (its own zone's and those outside the VPC; every zone's with cross-zone load balancing on), one
 * of them by 5-tuple flow hash, and the real address to connect to from the node's own address.
 * Only healthy targets take new flows, unless none is healthy: then NLB fails open to all.
 */
public final class TargetSelection {
  private TargetSelection() {}

  /** Where a flow goes: the target as registered (and its group and NLB), its real address, and how to talk to it. */
  public record Route(String loadBalancerArn, String targetGroupArn, Target target, InetSocketAddress targetAddress,
      InetAddress sourceHost, boolean proxyProtocolV2, int idleTimeoutSeconds) {}

  /** What an NLB node knows of a target's health: its checker's current state, if it checks it. */
  public interface HealthView {
    Optional<TargetHealthState> of(String loadBalancerArn, String targetGroupArn, Target target);

    /** A view that knows nothing: every target is taken as it comes. */
    HealthView NONE = (lb, tg, t) -> Optional.empty();
  }

  /**
   * The targets a node of {@code zoneId} may check and send to, in a stable order: its own zone's
   * and those outside the VPC (every zone's with cross-zone load balancing on), not draining, and,
   * for instance targets, running.
   */
  public static List<Target> candidates(Desired state, LoadBalancer lb, TargetGroup tg, String zoneId) {
    List<Target> out = new ArrayList<>();
    for (Target t : tg.targets()) {
      if (t.draining()) continue;
      if (tg.targetType().equals("instance")) {
        var instance = state.instances().get(t.id());
        if (instance == null || !instance.running()) continue;
      }
      if (lb.crossZoneEnabled() || t.outsideVpc() || zoneId.equals(t.zoneId())) out.add(t);
    }
    out.sort(Comparator.comparing(Target::id).thenComparingInt(Target::port));
    return out;
  }

  /**
   * The targets that take new flows: the healthy candidates, or, when none is healthy (all are
   * initial or unhealthy), all of them: NLB fails open. An empty list means no target at all.
   */
  public static List<Target> routable(Desired state, LoadBalancer lb, TargetGroup tg, String zoneId, HealthView health) {
    List<Target> candidates = candidates(state, lb, tg, zoneId);
    if (!tg.healthCheck().enabled()) return candidates;
    List<Target> healthy = candidates.stream()
        .filter(t -> health.of(lb.loadBalancerArn(), tg.targetGroupArn(), t).map(TargetHealthState::healthy).orElse(false))
        .toList();
    return healthy.isEmpty() ? candidates : healthy;
  }

  /**
   * The route of a new flow arriving at the NLB node of {@code zoneId} on {@code listenerArn}, or
   * empty when no target can take it (none registered, or none reachable).
   */
  public static Optional<Route> route(Desired state, String listenerArn, String zoneId, FlowHash.FiveTuple flow, long salt) {
    return route(state, listenerArn, zoneId, flow, salt, HealthView.NONE);
  }

  public static Optional<Route> route(Desired state, String listenerArn, String zoneId, FlowHash.FiveTuple flow, long salt,
      HealthView health) {
    return prepare(state, listenerArn, zoneId, health).flatMap(routes -> routes.pick(flow, salt));
  }

  /**
   * What an NLB node needs to route any flow of one listener, worked out once for a state snapshot
   * and a set of health states: the routable targets in their stable order, each with its real
   * address (null when it has none this emulator may connect to), and the node's own address.
   */
  public record ListenerRoutes(String loadBalancerArn, String targetGroupArn, List<Target> targets,
      List<InetSocketAddress> addresses, InetAddress sourceHost, boolean proxyProtocolV2, int idleTimeoutSeconds) {
    /** The route of one flow, or empty when the target the hash chose cannot be reached. */
    public Optional<Route> pick(FlowHash.FiveTuple flow, long salt) {
      int i = FlowHash.indexOf(flow, salt, targets.size());
      InetSocketAddress address = addresses.get(i);
      if (address == null) return Optional.empty();
      return Optional.of(new Route(loadBalancerArn, targetGroupArn, targets.get(i), address, sourceHost, proxyProtocolV2,
          idleTimeoutSeconds));
    }
  }

  /**
   * The routes of {@code listenerArn} at the NLB node of {@code zoneId}, or empty when no flow can be
   * routed (no such listener or node, or no target at all).
   */
  public static Optional<ListenerRoutes> prepare(Desired state, String listenerArn, String zoneId, HealthView health) {
    Listener listener = state.listeners().get(listenerArn);
    if (listener == null) return Optional.empty();
    LoadBalancer lb = state.loadBalancers().get(listener.loadBalancerArn());
    TargetGroup tg = state.targetGroups().get(listener.targetGroupArn());
    if (lb == null || tg == null) return Optional.empty();
    Optional<NetworkInterface> nodeEni = lb.node(zoneId).map(n -> state.networkInterfaces().get(n.networkInterfaceId()));
    if (nodeEni.isEmpty() || nodeEni.get() == null) return Optional.empty();
    List<Target> targets = routable(state, lb, tg, zoneId, health);
    if (targets.isEmpty()) return Optional.empty();
    List<InetSocketAddress> addresses = new ArrayList<>(targets.size());
    for (Target t : targets) addresses.add(realAddress(state, tg, t).orElse(null));
    int idle = Integer.parseInt(listener.attributes().getOrDefault("tcp.idle_timeout.seconds", "350"));
    return Optional.of(new ListenerRoutes(lb.loadBalancerArn(), tg.targetGroupArn(), List.copyOf(targets),
        Collections.unmodifiableList(addresses), literal(nodeEni.get().hostAddress()), tg.proxyProtocolV2(), idle));
  }

  /** An IP address literal as an InetAddress (no name lookup happens for a literal). */
  public static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }

  /**
   * The real address of a target: an IP outside the VPC is used as it is when it is a loopback
   * address; an IP inside the VPC is the host address of the interface that holds it. Emulated
   * private addresses are never connected to.
   */
  public static Optional<InetSocketAddress> realAddress(Desired state, TargetGroup tg, Target target) {
    if (tg.targetType().equals("instance")) {
      Instance instance = state.instances().get(target.id());
      if (instance == null || !instance.running()) return Optional.empty();
      return Optional.ofNullable(state.networkInterfaces().get(instance.networkInterfaceId()))
          .map(eni -> address(state, eni, target.port()));
    }
    if (target.outsideVpc()) {
      if (!Ipv4.isLoopback(Ipv4.parse(target.id()))) return Optional.empty();
      return Optional.of(new InetSocketAddress(target.id(), target.port()));
    }
    int ip = Ipv4.parse(target.id());
    return state.networkInterfaces().values().stream()
        .filter(e -> e.vpcId().equals(tg.vpcId()) && e.privateIp() == ip)
        .findFirst()
        .map(e -> address(state, e, target.port()));
  }

  /**
   * The real address behind an interface's port: its host address, except for a {@code plemu-external}
   * instance, which stands for the user's process (its app port maps to that process's port).
   */
  static InetSocketAddress address(Desired state, NetworkInterface eni, int port) {
    Instance owner = state.instances().get(eni.attachedTo());
    if (owner != null && owner.externalAddress() != null) {
      String external = owner.externalAddress();
      int colon = external.lastIndexOf(':');
      int externalPort = Integer.parseInt(external.substring(colon + 1));
      return new InetSocketAddress(external.substring(0, colon), port == owner.appPort() ? externalPort : port);
    }
    return new InetSocketAddress(eni.hostAddress(), port);
  }
}
