package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.PNCounterMap;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.dataplane.FlowRefusalPublisher;
import plemu.dataplane.FlowRefusals;
import plemu.model.NetworkInterface;

/**
 * The data plane's counters as the region's AZ nodes publish them (about once a second): new flows
 * refused at each network interface, by reason. Shown on DescribeNetworkInterfaces items (plemu's own
 * member {@code RefusedFlowCounts}) and, for the operator, by DescribeDataPlaneCounters.
 */
final class DataPlaneCountersApi {
  private DataPlaneCountersApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("DescribeDataPlaneCounters", new Action(Access.OPERATOR, DataPlaneCountersApi::describe));
  }

  /** The refused flows of every interface of the call's region: interface id to reason to count. */
  static CompletionStage<Map<String, Map<String, Long>>> refusedFlows(ApiCall call) {
    List<String> zones = call.state().region(call.region()).map(r -> r.zoneIds()).orElse(List.of());
    List<Key<PNCounterMap<String>>> keys = zones.stream().map(FlowRefusalPublisher::key).toList();
    return ObservedState.readLocal(call.system(), keys).thenApply(maps -> {
      Map<String, Map<String, Long>> out = new HashMap<>();
      for (PNCounterMap<String> m : maps)
        m.getEntries().forEach((counter, n) -> out.computeIfAbsent(FlowRefusalPublisher.interfaceOf(counter),
            k -> new HashMap<>()).merge(counter.substring(counter.indexOf('|') + 1), n.longValue(), Long::sum));
      return out;
    });
  }

  /** {@code {"SecurityGroupDenied": n, "EndpointNotAvailable": n, "NoTarget": n}}, zeros included. */
  /** The status of every data-plane actor of the call's region, by AWS id (interface or instance id). */
  static CompletionStage<Map<String, plemu.model.DataPlaneStatus>> statuses(ApiCall call) {
    List<String> zones = call.state().region(call.region()).map(r -> r.zoneIds()).orElse(List.of());
    List<org.apache.pekko.cluster.ddata.Key<org.apache.pekko.cluster.ddata.LWWMap<String, plemu.model.DataPlaneStatus>>> keys =
        zones.stream().map(plemu.state.DataKeys::status).toList();
    return ObservedState.readLocal(call.system(), keys).thenApply(maps -> {
      Map<String, plemu.model.DataPlaneStatus> out = new java.util.HashMap<>();
      maps.forEach(m -> out.putAll(m.getEntries()));
      return out;
    });
  }

  /** A status as the API shows it (plemu's own member {@code DataPlaneStatus}). */
  static ObjectNode render(plemu.model.DataPlaneStatus s) {
    ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    o.put("Status", s.status());
    if (s.reason() != null) o.put("StatusReason", s.reason());
    o.put("Restarts", s.restarts());
    o.put("Since", java.time.Instant.ofEpochMilli(s.since()).toString());
    return o;
  }

  static ObjectNode render(Map<String, Long> counts) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (FlowRefusals.Reason r : FlowRefusals.Reason.values()) o.put(r.name(), counts.getOrDefault(r.name(), 0L));
    return o;
  }

  /**
   * Every interface of the region with a refused flow, or the interfaces {@code NetworkInterfaceIds}
   * names (zeros included).
   */
  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("NetworkInterfaceIds");
    List<String> ids = p.strings("NetworkInterfaceIds");
    Map<String, NetworkInterface> enis = call.state().networkInterfaces();
    for (String id : ids)
      if (!enis.containsKey(id) || !enis.get(id).region().equals(call.region()))
        throw AwsError.notFound("InvalidNetworkInterfaceID.NotFound",
            "The networkInterface ID '" + id + "' does not exist").exception();
    return refusedFlows(call).thenApply(counts -> {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      ArrayNode list = out.putArray("NetworkInterfaces");
      List<String> chosen = ids.isEmpty()
          ? counts.keySet().stream().filter(enis::containsKey).sorted().toList() : ids;
      for (String id : chosen) {
        NetworkInterface e = enis.get(id);
        ObjectNode o = list.addObject();
        o.put("NetworkInterfaceId", id);
        o.put("AvailabilityZoneId", e.zoneId());
        o.put("InterfaceType", e.interfaceType());
        o.put("Description", e.description());
        o.put("OwnerId", e.ownerId());
        o.set("RefusedFlowCounts", render(counts.getOrDefault(id, Map.of())));
      }
      return out;
    });
  }
}
