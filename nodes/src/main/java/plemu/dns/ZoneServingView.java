package plemu.dns;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import plemu.cluster.MemberIdentity;
import plemu.controlplane.Desired;
import plemu.model.Listener;
import plemu.model.RegionInfo;
import plemu.model.TargetGroup;
import plemu.model.TargetHealthReport;
import plemu.model.VpcEndpoint;

/**
 * Which zones of an endpoint take part in its regional DNS answer. A zone serves when its AZ node
 * is an Up member that this node can reach, the endpoint's interface there listens (the AZ node
 * publishes which do: {@code listening-<zone>}), and the NLB node the interface uses there
 * sees at least one healthy target in every target group of its listeners (a group without health
 * checks counts as healthy): AWS takes an AZ out of DNS when "one or more target groups does not
 * have a healthy target" in it. With cross-zone load balancing on, the NLB node checks every zone's
 * targets, so any healthy target keeps its zone in.
 */
public final class ZoneServingView implements ResolverAnswers.ZoneServing {
  private final ActorSystem<?> system;
  private final AtomicReference<Desired> state;
  /** The health reports each zone's NLB nodes publish, by zone. */
  private final Map<String, Map<String, TargetHealthReport>> reports = new ConcurrentHashMap<>();
  /** The endpoint interfaces that listen, by zone. */
  private final Map<String, Set<String>> listening = new ConcurrentHashMap<>();

  public ZoneServingView(ActorSystem<?> system) {
    this.system = system;
    this.state = new AtomicReference<>(Desired.empty());
  }

  public void stateChanged(Desired desired) {
    state.set(desired);
  }

  public void listeningChanged(String zoneId, Set<String> interfaces) {
    listening.put(zoneId, Set.copyOf(interfaces));
  }

  public void reportsChanged(String zoneId, Map<String, TargetHealthReport> entries) {
    reports.put(zoneId, Map.copyOf(entries));
  }

  @Override
  public boolean serving(VpcEndpoint endpoint, VpcEndpoint.Attachment attachment) {
    Desired s = state.get();
    RegionInfo region = s.regions().get(endpoint.region());
    if (region == null) return false;
    var zone = region.zone(attachment.zoneId());
    return zone.isPresent() && nodeUp(zone.get().node())
        && listening.getOrDefault(attachment.zoneId(), Set.of()).contains(attachment.networkInterfaceId())
        && nlbNodeHasHealthyTargets(s, attachment.loadBalancerArn(), attachment.zoneId());
  }

  /**
   * The same answers as {@link #serving}, for many endpoints at once: what depends only on the zone
   * and the NLB (the zone's node up, the NLB node's targets healthy) is worked out once per pair.
   */
  public java.util.function.BiPredicate<VpcEndpoint, VpcEndpoint.Attachment> pass() {
    Desired s = state.get();
    Map<String, Boolean> byZoneAndNlb = new java.util.HashMap<>();
    return (endpoint, attachment) -> {
      RegionInfo region = s.regions().get(endpoint.region());
      if (region == null) return false;
      var zone = region.zone(attachment.zoneId());
      if (zone.isEmpty() || !listening.getOrDefault(attachment.zoneId(), Set.of()).contains(attachment.networkInterfaceId()))
        return false;
      return byZoneAndNlb.computeIfAbsent(attachment.zoneId() + "|" + attachment.loadBalancerArn(),
          k -> nodeUp(zone.get().node()) && nlbNodeHasHealthyTargets(s, attachment.loadBalancerArn(), attachment.zoneId()));
    };
  }

  /** True when a member named {@code node} is Up and reachable from here. */
  boolean nodeUp(String node) {
    ClusterEvent.CurrentClusterState cluster = Cluster.get(system).state();
    Set<Member> unreachable = cluster.getUnreachable();
    for (Member m : cluster.getMembers())
      if (MemberIdentity.tag(m, "node").filter(node::equals).isPresent())
        return (m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp()) && !unreachable.contains(m);
    return false;
  }

  private boolean nlbNodeHasHealthyTargets(Desired s, String loadBalancerArn, String zoneId) {
    Set<String> groups = s.rowsWhere(plemu.controlplane.Table.LISTENERS_BY_LOAD_BALANCER, loadBalancerArn).stream()
        .map(Listener::targetGroupArn)
        .collect(Collectors.toSet());
    Map<String, TargetHealthReport> seen = reports.getOrDefault(zoneId, Map.of());
    for (String tgArn : groups) {
      TargetGroup tg = s.targetGroups().get(tgArn);
      if (tg == null || !tg.healthCheck().enabled()) continue;
      boolean healthy = seen.values().stream().anyMatch(r -> r.loadBalancerArn().equals(loadBalancerArn)
          && r.nodeZoneId().equals(zoneId) && r.targetGroupArn().equals(tgArn) && r.state().equals("healthy"));
      if (!healthy) return false;
    }
    return true;
  }
}
