package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.Member;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.cluster.ClusterView;
import plemu.cluster.MemberIdentity;
import plemu.controlplane.ApplyScenario;
import plemu.scenario.Scenario;
import plemu.scenario.ScenarioFiles;

/** Emulator-only actions: DescribeClusterMembers, ApplyScenario and DescribeStateStorage (operator token). */
final class EmulatorApi {
  private EmulatorApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("DescribeClusterMembers", new Action(Access.OPERATOR, EmulatorApi::describeMembers));
    actions.put("ApplyScenario", new Action(Access.OPERATOR, EmulatorApi::applyScenario));
    actions.put("DescribeStateStorage", new Action(Access.OPERATOR, EmulatorApi::describeStorage));
  }

  /** How big this node's replica of the stored state is: rows, bytes, the largest key against Artery's frame size. */
  private static CompletionStage<JsonNode> describeStorage(ApiCall call) {
    call.params().allow();
    return plemu.state.StateStorage.measure(call.system(), java.time.Duration.ofSeconds(5)).thenApply(r -> {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("StateVersion", call.state().version());
      out.put("Keys", r.keys()).put("Rows", r.rows()).put("Bytes", r.bytes());
      out.put("LargestShardBytes", r.largestShardBytes()).put("LargestSegmentBytes", r.largestSegmentBytes());
      out.put("MaximumFrameSize", r.maximumFrameSize());
      return out;
    });
  }

  private static CompletionStage<JsonNode> describeMembers(ApiCall call) {
    call.params().allow();
    ClusterView view = new ClusterView(call.system());
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode members = out.putArray("Members");
    List<Member> sorted = new ArrayList<>();
    view.members().forEach(sorted::add);
    sorted.sort(Comparator.comparing((Member m) -> m.hasRole("region") ? 0 : 1).thenComparing(MemberIdentity::nodeName));
    for (Member m : sorted) {
      ObjectNode o = members.addObject();
      o.put("NodeName", MemberIdentity.nodeName(m));
      o.put("Address", m.address().toString());
      o.put("Status", m.status().toString());
      o.put("Reachable", view.isReachable(m));
      o.put("Role", m.hasRole("region") ? "region" : "az");
      o.put("Region", MemberIdentity.tag(m, "region").orElse(null));
      MemberIdentity.tag(m, "az").ifPresent(az -> o.put("AvailabilityZoneId", az));
      ArrayNode roles = o.putArray("Roles");
      m.getRoles().stream().sorted().forEach(roles::add);
    }
    view.leader().ifPresent(l -> out.put("Leader", l));
    out.put("StateVersion", call.state().version());
    // what each node has applied of the desired state (an AZ node: its data plane serves it)
    return plemu.state.StateAccess.appliedVersions(call.system(), java.time.Duration.ofSeconds(2)).thenApply(applied -> {
      for (JsonNode m : members) {
        Long v = applied.get(m.get("NodeName").asText());
        if (v != null) ((ObjectNode) m).put("AppliedStateVersion", v);
      }
      return (JsonNode) out;
    });
  }

  /** Body {@code {"Scenario": "<YAML text>"}}, or the YAML itself with a YAML content type. */
  private static CompletionStage<JsonNode> applyScenario(ApiCall call) {
    Params p = call.params().allow("Scenario");
    Scenario scenario = ScenarioFiles.parse(p.requiredString("Scenario"), "Scenario");
    return call.write(new ApplyScenario(scenario)).thenApply(result -> {
      ApplyScenario.Applied applied = (ApplyScenario.Applied) result;
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("Name", applied.name());
      applied.created().forEach(out.putArray("Created")::add);
      applied.unchanged().forEach(out.putArray("Unchanged")::add);
      return out;
    });
  }
}
