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
    private final Map<String, plemu.model.DataPlaneStatus> statuses = new HashMap<>();
    /** NLB ARN to the available endpoints with an interface pinned to it (whose answers it may change). */
    private final Map<String, Set<String>> pinned = new HashMap<>();

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
            if (changed.change() instanceof ZoneViewFeed.StateSeen seen) {
              Desired before = state;
              state = seen.state();
              if (seen.whole()) dnsMembership(null);
              else dnsMembership(touchedBy(before, seen.changes()));
            } else if (changed.change() instanceof ZoneViewFeed.HealthSeen seen)
              dnsMembership(pinnedTo(targetHealth(seen.zoneId(), seen.reports())));
            else if (changed.change() instanceof ZoneViewFeed.StatusSeen seen) dataPlaneStatus(seen);
            else if (changed.change() instanceof ZoneViewFeed.ListeningSeen seen) {
              Set<String> endpoints = new HashSet<>();
              for (String eni : seen.changedInterfaces()) {
                var e = state.networkInterfaces().get(eni);
                if (e != null && e.attachedTo() != null && e.attachedTo().startsWith("vpce-")) endpoints.add(e.attachedTo());
              }
              dnsMembership(endpoints);
            }
            return Behaviors.same();
          })
          .onMessage(MemberChanged.class, changed -> {
            membership(changed.event());
            dnsMembership(null);
            return Behaviors.same();
          })
          .build();
    }

    /** The endpoints whose DNS answer a write may have changed. */
    private Set<String> touchedBy(Desired before, java.util.List<Desired.Change> changes) {
      Set<String> endpoints = new HashSet<>();
      Set<String> loadBalancers = new HashSet<>();
      for (Desired.Change c : changes) {
        if (c.table() == plemu.controlplane.Table.VPC_ENDPOINTS) endpoints.add(c.id());
        else if (c.table() == plemu.controlplane.Table.LOAD_BALANCERS) loadBalancers.add(c.id());
        else if (c.table() == plemu.controlplane.Table.LISTENERS) {
          var l = c.value() != null ? (plemu.model.Listener) c.value() : before.listeners().get(c.id());
          if (l != null) loadBalancers.add(l.loadBalancerArn());
        } else if (c.table() == plemu.controlplane.Table.TARGET_GROUPS)
          for (Desired d : java.util.List.of(before, state))
            d.rowsWhere(plemu.controlplane.Table.LISTENERS_BY_TARGET_GROUP, c.id())
                .forEach(l -> loadBalancers.add(l.loadBalancerArn()));
      }
      endpoints.addAll(pinnedTo(loadBalancers));
      return endpoints;
    }

    private Set<String> pinnedTo(Set<String> loadBalancers) {
      Set<String> out = new HashSet<>();
      for (String lb : loadBalancers) out.addAll(pinned.getOrDefault(lb, Set.of()));
      return out;
    }

    /** A target's state as one NLB node sees it, when it changed; returns the NLBs whose reports changed. */
    private Set<String> targetHealth(String zoneId, Map<String, TargetHealthReport> now) {
      Set<String> changed = new HashSet<>();
      for (TargetHealthReport r : now.values()) {
        String key = zoneId + "|" + r.loadBalancerArn() + "|" + r.targetGroupArn() + "|" + r.targetId() + ":" + r.port();
        TargetHealthReport was = reports.put(key, r);
        if (was != null && was.state().equals(r.state())) continue;
        changed.add(r.loadBalancerArn());
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
      Set<String> live = new HashSet<>();
      for (TargetHealthReport r : now.values())
        live.add(zoneId + "|" + r.loadBalancerArn() + "|" + r.targetGroupArn() + "|" + r.targetId() + ":" + r.port());
      reports.entrySet().removeIf(e -> {
        if (!e.getKey().startsWith(zoneId + "|") || live.contains(e.getKey())) return false;
        changed.add(e.getValue().loadBalancerArn());
        return true;
      });
      return changed;
    }

    /**
     * The zones in each endpoint's regional answer, when they changed: of {@code endpoints} (null:
     * every available endpoint of the region, e.g. when a node joined or left).
     */
    private void dnsMembership(Set<String> endpoints) {
      var serves = zones.pass();
      if (endpoints == null) {
        Set<String> seen = new HashSet<>();
        for (VpcEndpoint e : state.rowsWhere(plemu.controlplane.Table.VPC_ENDPOINTS_BY_STATE, "available"))
          if (e.region().equals(region) && seen.add(e.vpcEndpointId())) answer(e, serves);
        dnsZones.keySet().retainAll(seen);
        pinned.values().forEach(ids -> ids.retainAll(seen));
        return;
      }
      for (String id : endpoints) {
        VpcEndpoint e = state.vpcEndpoints().get(id);
        if (e != null && e.available() && e.region().equals(region)) answer(e, serves);
        else {
          dnsZones.remove(id);
          pinned.values().forEach(ids -> ids.remove(id));
        }
      }
    }

    private void answer(VpcEndpoint e, java.util.function.BiPredicate<VpcEndpoint, VpcEndpoint.Attachment> serves) {
      Set<String> serving = new TreeSet<>();
      for (VpcEndpoint.Attachment a : e.attachments()) {
        pinned.computeIfAbsent(a.loadBalancerArn(), lb -> new HashSet<>()).add(e.vpcEndpointId());
        if (serves.test(e, a)) serving.add(a.zoneId());
      }
      Set<String> was = dnsZones.put(e.vpcEndpointId(), serving);
      if (serving.equals(was)) return;
      Map<String, String> d = new java.util.LinkedHashMap<>();
      d.put("VpcEndpointId", e.vpcEndpointId());
      d.put("DnsName", e.regionalDnsName());
      d.put("ServingZoneIds", String.join(",", serving));
      if (was != null) d.put("PreviousZoneIds", String.join(",", was));
      d.put("Answer", serving.isEmpty() ? "all zones (none serves: fail open)" : "serving zones");
      publish("DnsMembership", Set.of(e.ownerId()), d);
    }

    /** A data-plane actor of a zone stopped, resumed, failed or came back (operator, and the interface's owner). */
    private void dataPlaneStatus(ZoneViewFeed.StatusSeen seen) {
      for (plemu.model.DataPlaneStatus s : seen.statuses().values()) {
        plemu.model.DataPlaneStatus was = statuses.put(s.id(), s);
        if (was != null && was.status().equals(s.status()) && was.restarts() == s.restarts()) continue;
        if (was == null && s.status().equals("serving") && s.restarts() == 0) continue; // it just started
        Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put("Id", s.id());
        d.put("Kind", s.kind());
        if (s.networkInterfaceId() != null) d.put("NetworkInterfaceId", s.networkInterfaceId());
        d.put("AvailabilityZoneId", s.zoneId());
        if (was != null) d.put("From", was.status());
        d.put("Status", s.status());
        if (s.reason() != null) d.put("StatusReason", s.reason());
        d.put("Restarts", String.valueOf(s.restarts()));
        var eni = s.networkInterfaceId() == null ? null : state.networkInterfaces().get(s.networkInterfaceId());
        publish("DataPlaneStatus", eni == null ? Set.of() : Set.of(eni.ownerId()), d);
      }
      statuses.keySet().removeIf(id -> statuses.get(id).zoneId().equals(seen.zoneId()) && !seen.statuses().containsKey(id));
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
