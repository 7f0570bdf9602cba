package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.Desired;
import plemu.controlplane.Owned;
import plemu.model.Account;
import plemu.model.NetworkInterface;
import plemu.model.SecurityGroup;

/**
 * DescribeNetworkInterfaces: every interface with its private IP and, as plemu's own members,
 * {@code HostAddress}, the real address that carries its traffic, {@code RefusedFlowCounts}, the
 * new flows the data plane refused there ({@link DataPlaneCountersApi}), and {@code DataPlaneStatus},
 * how the AZ node's actor behind it (NLB node, endpoint interface, instance app) is doing.
 */
final class NetworkInterfaceApi {
  private NetworkInterfaceApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("DescribeNetworkInterfaces", new Action(Access.ACCOUNT, NetworkInterfaceApi::describe));
  }

  private static DescribeQuery<NetworkInterface> query(Account viewer) {
    return new DescribeQuery<NetworkInterface>(NetworkInterface::networkInterfaceId, e -> List.of())
        .filter("network-interface-id", NetworkInterface::networkInterfaceId)
        .filter("subnet-id", NetworkInterface::subnetId)
        .filter("vpc-id", NetworkInterface::vpcId)
        .filter("interface-type", NetworkInterface::interfaceType)
        .filter("description", NetworkInterface::description)
        .filter("availability-zone", e -> viewer.zoneNameOf(e.zoneId()).orElse(null))
        .filter("availability-zone-id", NetworkInterface::zoneId)
        .filter("private-ip-address", NetworkInterface::privateIpAddress)
        .filter("addresses.private-ip-address", NetworkInterface::privateIpAddress)
        .filter("requester-managed", e -> String.valueOf(e.requesterManaged()))
        .filter("owner-id", NetworkInterface::ownerId)
        .filter("status", e -> "in-use")
        .filterMany("group-id", NetworkInterface::securityGroupIds);
  }

  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("NetworkInterfaceIds", "Filters", "MaxResults", "NextToken");
    Account viewer = call.account();
    List<NetworkInterface> chosen = call.chosen(Owned.NETWORK_INTERFACE, p.strings("NetworkInterfaceIds"));
    return DataPlaneCountersApi.refusedFlows(call).thenCombine(DataPlaneCountersApi.statuses(call), (refused, statuses) ->
        (JsonNode) query(viewer).run(p, chosen, "NetworkInterfaces", e -> {
          ObjectNode item = render(e, viewer, call.state());
          item.set("RefusedFlowCounts", DataPlaneCountersApi.render(refused.getOrDefault(e.networkInterfaceId(), Map.of())));
          plemu.model.DataPlaneStatus status = statuses.get(e.networkInterfaceId());
          if (status == null && e.attachedTo() != null) status = statuses.get(e.attachedTo()); // an instance's app
          if (status != null) item.set("DataPlaneStatus", DataPlaneCountersApi.render(status));
          return item;
        }));
  }

  static ObjectNode render(NetworkInterface e, Account viewer, Desired state) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("AvailabilityZone", viewer.zoneNameOf(e.zoneId()).orElse(e.zoneId()));
    o.put("AvailabilityZoneId", e.zoneId());
    o.put("Description", e.description());
    ArrayNode groups = o.putArray("Groups");
    for (String id : e.securityGroupIds()) {
      SecurityGroup g = state.securityGroups().get(id);
      groups.addObject().put("GroupId", id).put("GroupName", g == null ? null : g.groupName());
    }
    o.put("InterfaceType", e.interfaceType());
    o.putArray("Ipv6Addresses");
    o.put("MacAddress", mac(e.networkInterfaceId()));
    o.put("NetworkInterfaceId", e.networkInterfaceId());
    o.put("OwnerId", e.ownerId());
    o.put("PrivateIpAddress", e.privateIpAddress());
    o.putArray("PrivateIpAddresses").addObject().put("Primary", true).put("PrivateIpAddress", e.privateIpAddress());
    if (e.requesterManaged()) o.put("RequesterId", e.interfaceType().equals("network_load_balancer") ? "amazon-elb" : "amazon-aws");
    o.put("RequesterManaged", e.requesterManaged());
    o.put("SourceDestCheck", true);
    o.put("Status", "in-use");
    o.put("SubnetId", e.subnetId());
    o.putArray("TagSet");
    o.put("VpcId", e.vpcId());
    o.put("HostAddress", e.hostAddress());
    return o;
  }

  /** A stable, locally administered MAC address derived from the interface id. */
  private static String mac(String eniId) {
    int h = eniId.hashCode();
    return String.format("02:%02x:%02x:%02x:%02x:%02x", (h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff,
        eniId.length() & 0xff);
  }
}
