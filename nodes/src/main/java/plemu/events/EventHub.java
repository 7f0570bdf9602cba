package plemu.events;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import plemu.cluster.MemberIdentity;
import plemu.controlplane.Desired;
import plemu.dns.ZoneServingView;
import plemu.dns.ZoneViewFeed;
import plemu.model.TargetGroup;
import plemu.model.TargetHealthReport;
import plemu.model.VpcEndpoint;

/**
 * Turns what the region's node observes into live events ({@link EventStream}): target health as
 * each NLB node reports it, the zones in each endpoint's regional DNS answer, and node membership and
 * reachability (operator only). What the control plane did comes from {@link EventLogFeed}.
 */
public final class EventHub {
  private EventHub() {}

  public interface Command {}

  /** What the region node's zone view now holds (told by {@link ZoneViewFeed}). */
  public record ZonesChanged(ZoneViewFeed.Change change) implements Command {}

  private record MemberChanged(Object event) implements Command {}

  public static Behavior<Command> create(String region, EventStream stream, ZoneServingView zones) {
    return Behaviors.setup(ctx -> new Hub(ctx, region, stream, zones).behavior());
  }

  private static final class Hub {
    private final String region;
    private final EventStream stream;
    /** The desired state as the zone view has it: DNS membership is read from the view, never ahead of it. */
    private Desired state = Desired.empty();
    private final ZoneServingView zones;
    private final Map<String, TargetHealthReport> reports = new HashMap<>();
    private final Map<String, Set<String>> dnsZones = new HashMap<>();

    Hub(ActorContext<Command> ctx, String region, EventStream stream, ZoneServingView zones) {
      this.region = region;
      this.stream = stream;
      this.zones = zones;
      var members = ctx.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new);
      var reachability = ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, MemberChanged::new);
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(members, ClusterEvent.MemberEvent.class));
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(reachability, ClusterEvent.ReachabilityEvent.class));
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(ZonesChanged.class, changed -> {
            if (changed.change() instanceof ZoneViewFeed.StateSeen seen) state = seen.state();
            if (changed.change() instanceof ZoneViewFeed.HealthSeen seen) targetHealth(seen.zoneId(), seen.reports());
            dnsMembership();
            return Behaviors.same();
          })
          .onMessage(MemberChanged.class, changed -> {
            membership(changed.event());
            dnsMembership();
            return Behaviors.same();
          })
          .build();
    }

    /** A target's state as one NLB node sees it, when it changed. */
    private void targetHealth(String zoneId, Map<String, TargetHealthReport> now) {
      for (TargetHealthReport r : now.values()) {
        String key = zoneId + "|" + r.loadBalancerArn() + "|" + r.targetGroupArn() + "|" + r.targetId() + ":" + r.port();
        TargetHealthReport was = reports.put(key, r);
        if (was != null && was.state().equals(r.state())) continue;
        TargetGroup tg = state.targetGroups().get(r.targetGroupArn());
        Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put("TargetGroupArn", r.targetGroupArn());
        d.put("LoadBalancerArn", r.loadBalancerArn());
        d.put("TargetId", r.targetId());
        d.put("Port", String.valueOf(r.port()));
        d.put("NlbNodeZoneId", r.nodeZoneId());
        if (was != null) d.put("From", was.state());
        d.put("State", r.state());
        if (r.reason() != null) d.put("Reason", r.reason());
        publish("TargetHealth", tg == null ? Set.of() : Set.of(tg.ownerId()), d);
      }
      reports.keySet().removeIf(k -> k.startsWith(zoneId + "|") && now.values().stream().noneMatch(r ->
          k.equals(zoneId + "|" + r.loadBalancerArn() + "|" + r.targetGroupArn() + "|" + r.targetId() + ":" + r.port())));
    }

    /** The zones in each available endpoint's regional answer, when they changed. */
    private void dnsMembership() {
      Set<String> seen = new HashSet<>();
      var serves = zones.pass();
      for (VpcEndpoint e : state.rowsWhere(plemu.controlplane.Table.VPC_ENDPOINTS_BY_STATE, "available")) {
        if (!e.region().equals(region)) continue;
        seen.add(e.vpcEndpointId());
        Set<String> serving = new TreeSet<>();
        for (VpcEndpoint.Attachment a : e.attachments()) if (serves.test(e, a)) serving.add(a.zoneId());
        Set<String> was = dnsZones.put(e.vpcEndpointId(), serving);
        if (serving.equals(was)) continue;
        Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put("VpcEndpointId", e.vpcEndpointId());
        d.put("DnsName", e.regionalDnsName());
        d.put("ServingZoneIds", String.join(",", serving));
        if (was != null) d.put("PreviousZoneIds", String.join(",", was));
        d.put("Answer", serving.isEmpty() ? "all zones (none serves: fail open)" : "serving zones");
        publish("DnsMembership", Set.of(e.ownerId()), d);
      }
      dnsZones.keySet().retainAll(seen);
    }

    private void membership(Object event) {
      Map<String, String> d = new java.util.LinkedHashMap<>();
      org.apache.pekko.cluster.Member member;
      String what;
      if (event instanceof ClusterEvent.MemberEvent m) {
        member = m.member();
        what = m.getClass().getSimpleName();
      } else if (event instanceof ClusterEvent.ReachabilityEvent r) {
        member = r.member();
        what = r.getClass().getSimpleName();
      } else return;
      d.put("NodeName", MemberIdentity.nodeName(member));
      d.put("Event", what);
      d.put("Status", member.status().toString());
      publish("NodeMembership", Set.of(), d);
    }

    private void publish(String type, Set<String> accounts, Map<String, String> detail) {
      stream.publish(type, accounts, detail, Instant.now());
    }
  }
}
