package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.controlplane.Owned;
import plemu.dataplane.TargetHealthMonitor;
import plemu.model.Account;
import plemu.model.Instance;
import plemu.model.Listener;
import plemu.model.RegionInfo;
import plemu.model.Target;
import plemu.model.TargetGroup;
import plemu.model.TargetHealthReport;

/**
 * DescribeTargetHealth: a target's state as the NLB nodes that check it report it (the node in the
 * target's own AZ has the say when several disagree), or the state the control plane knows
 * without checks: draining, unused (not in use, not running), unavailable (checks disabled).
 */
final class TargetHealthApi {
  private TargetHealthApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("DescribeTargetHealth", new Action(Access.ACCOUNT, TargetHealthApi::describe));
  }

  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("TargetGroupArn", "Targets", "Include");
    TargetGroup tg = call.owned(Owned.TARGET_GROUP, p.requiredString("TargetGroupArn"));
    List<String[]> asked = new ArrayList<>();
    for (JsonNode t : p.array("Targets")) {
      if (!t.path("Id").isTextual()) throw AwsError.missingParameter("Targets.Id").exception();
      asked.add(new String[] {t.get("Id").asText(), t.hasNonNull("Port") ? t.get("Port").asText() : null});
    }
    Account viewer = call.account();
    RegionInfo region = call.state().region(call.region()).orElseThrow();
    return reports(call, region).thenApply(reports -> render(call, tg, asked, viewer, reports));
  }

  /** Every report the region's AZ nodes published, from this node's replica. */
  private static CompletionStage<List<TargetHealthReport>> reports(ApiCall call, RegionInfo region) {
    List<Key<LWWMap<String, TargetHealthReport>>> keys = region.zoneIds().stream().map(TargetHealthMonitor::reportsKey).toList();
    return ObservedState.readLocal(call.system(), keys).thenApply(maps -> {
      List<TargetHealthReport> all = new ArrayList<>();
      maps.forEach(m -> all.addAll(m.getEntries().values()));
      return all;
    });
  }

  private static JsonNode render(ApiCall call, TargetGroup tg, List<String[]> asked, Account viewer,
      List<TargetHealthReport> reports) {
    long now = System.currentTimeMillis();
    // the listeners that use a target group are its owner's (CreateListener takes the caller's groups only)
    List<String> lbs = call.mine(Owned.LISTENER).stream()
        .filter(l -> l.targetGroupArn().equals(tg.targetGroupArn())).map(Listener::loadBalancerArn).distinct().toList();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putArray("TargetHealthDescriptions");
    Map<String, Target> registered = new HashMap<>();
    for (Target t : tg.targets()) if (!t.draining() || tg.stillDraining(t, now)) registered.put(t.key(), t);
    List<Target> chosen = new ArrayList<>();
    if (asked.isEmpty()) chosen.addAll(registered.values());
    else for (String[] a : asked) {
      String port = a[1] == null ? String.valueOf(tg.port()) : a[1];
      Target t = registered.get(a[0] + ":" + port);
      chosen.add(t != null ? t : new Target(a[0], Integer.parseInt(port), null, null));
    }
    chosen.sort(java.util.Comparator.comparing(Target::key));
    for (Target t : chosen) {
      ObjectNode d = list.addObject();
      ObjectNode target = d.putObject("Target").put("Id", t.id()).put("Port", t.port());
      if (t.outsideVpc()) target.put("AvailabilityZone", "all");
      else if (t.zoneId() != null) target.put("AvailabilityZone", viewer.zoneNameOf(t.zoneId()).orElse(t.zoneId()));
      d.put("HealthCheckPort", tg.healthCheck().port().equals("traffic-port") ? String.valueOf(t.port()) : tg.healthCheck().port());
      String[] h = state(call, tg, t, registered.containsKey(t.key()), lbs, reports, now);
      ObjectNode th = d.putObject("TargetHealth").put("State", h[0]);
      if (h[1] != null) th.put("Reason", h[1]);
      if (h[2] != null) th.put("Description", h[2]);
    }
    return out;
  }

  private static String[] state(ApiCall call, TargetGroup tg, Target t, boolean registered, List<String> lbs,
      List<TargetHealthReport> reports, long now) {
    if (!registered) return new String[] {"unused", "Target.NotRegistered", "Target is not registered to the target group"};
    if (t.draining()) return new String[] {"draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"};
    if (lbs.isEmpty())
      return new String[] {"unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"};
    if (tg.targetType().equals("instance")) {
      Instance i = call.state().instances().get(t.id());
      if (i == null || !i.running()) return new String[] {"unused", "Target.InvalidState", "Target is in the stopped state"};
    }
    if (!tg.healthCheck().enabled()) return new String[] {"unavailable", "Target.HealthCheckDisabled", "Health checks disabled"};
    List<TargetHealthReport> mine = reports.stream()
        .filter(r -> r.targetGroupArn().equals(tg.targetGroupArn()) && r.targetId().equals(t.id()) && r.port() == t.port()
            && lbs.contains(r.loadBalancerArn()))
        .toList();
    if (mine.isEmpty())
      return new String[] {"initial", "Elb.RegistrationInProgress", "Target registration is in progress"};
    TargetHealthReport chosen = mine.stream().filter(r -> r.nodeZoneId().equals(t.zoneId())).findFirst()
        .orElseGet(() -> mine.stream().filter(r -> r.state().equals("unhealthy")).findFirst().orElse(mine.get(0)));
    return new String[] {chosen.state(), chosen.reason(), chosen.description()};
  }
}
