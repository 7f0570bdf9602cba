package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.cluster.ClusterView;
import plemu.controlplane.AwsError;
import plemu.model.Account;
import plemu.model.RegionInfo;

/** DescribeAvailabilityZones (names as the calling account sees them) and DescribeRegions. */
final class ZoneApi {
  private ZoneApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("DescribeAvailabilityZones", new Action(Access.ACCOUNT, ZoneApi::describeZones));
    actions.put("DescribeRegions", new Action(Access.ACCOUNT, ZoneApi::describeRegions));
  }

  /** One AZ of the caller's region as the caller sees it, with the state of the node hosting it. */
  record ZoneView(String zoneName, String zoneId, String region, String state) {}

  private static final DescribeQuery<ZoneView> ZONES = new DescribeQuery<ZoneView>(ZoneView::zoneName, z -> List.of())
      .filter("zone-name", ZoneView::zoneName)
      .filter("zone-id", ZoneView::zoneId)
      .filter("region-name", ZoneView::region)
      .filter("state", ZoneView::state)
      .filter("zone-type", z -> "availability-zone")
      .filter("group-name", ZoneView::region)
      .filter("opt-in-status", z -> "opt-in-not-required");

  private static CompletionStage<JsonNode> describeZones(ApiCall call) {
    Params p = call.params().allow("ZoneNames", "ZoneIds", "AllAvailabilityZones", "Filters");
    Account account = call.account();
    RegionInfo region = call.state().region(call.region()).orElseThrow(
        () -> AwsError.badRequest("InvalidRegion", "The region '" + call.region() + "' is not emulated").exception());
    ClusterView cluster = new ClusterView(call.system());
    List<ZoneView> zones = new ArrayList<>();
    for (RegionInfo.Zone z : region.zones()) {
      String name = account.zoneNameOf(z.zoneId()).orElse(z.zoneId());
      zones.add(new ZoneView(name, z.zoneId(), region.name(), cluster.zoneState(z)));
    }
    List<String> names = p.strings("ZoneNames");
    List<String> ids = p.strings("ZoneIds");
    for (String n : names)
      if (zones.stream().noneMatch(z -> z.zoneName().equals(n)))
        throw AwsError.invalidValue("ZoneName", n, "The availability zone does not exist in " + region.name() + ".").exception();
    for (String id : ids)
      if (zones.stream().noneMatch(z -> z.zoneId().equals(id)))
        throw AwsError.invalidValue("ZoneId", id, "The availability zone ID does not exist in " + region.name() + ".").exception();
    List<ZoneView> chosen = zones.stream()
        .filter(z -> names.isEmpty() || names.contains(z.zoneName()))
        .filter(z -> ids.isEmpty() || ids.contains(z.zoneId()))
        .toList();
    return VpcApi.done(ZONES.run(p, chosen, "AvailabilityZones", z -> {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("State", z.state());
      o.put("OptInStatus", "opt-in-not-required");
      o.putArray("Messages");
      o.put("RegionName", z.region());
      o.put("ZoneName", z.zoneName());
      o.put("ZoneId", z.zoneId());
      o.put("GroupName", z.region());
      o.put("NetworkBorderGroup", z.region());
      o.put("ZoneType", "availability-zone");
      return o;
    }));
  }

  private static final DescribeQuery<RegionInfo> REGIONS = new DescribeQuery<RegionInfo>(RegionInfo::name, r -> List.of())
      .filter("region-name", RegionInfo::name)
      .filter("endpoint", r -> endpoint(r.name()))
      .filter("opt-in-status", r -> "opt-in-not-required");

  private static CompletionStage<JsonNode> describeRegions(ApiCall call) {
    Params p = call.params().allow("RegionNames", "AllRegions", "Filters");
    List<String> names = p.strings("RegionNames");
    for (String n : names)
      if (!call.state().regions().containsKey(n))
        throw AwsError.invalidValue("RegionName", n, "The region is not emulated.").exception();
    List<RegionInfo> chosen = call.state().regions().values().stream()
        .filter(r -> names.isEmpty() || names.contains(r.name())).toList();
    return VpcApi.done(REGIONS.run(p, chosen, "Regions", r -> JsonNodeFactory.instance.objectNode()
        .put("Endpoint", endpoint(r.name()))
        .put("RegionName", r.name())
        .put("OptInStatus", "opt-in-not-required")));
  }

  private static String endpoint(String region) {
    return "ec2." + region + ".amazonaws.com";
  }
}
