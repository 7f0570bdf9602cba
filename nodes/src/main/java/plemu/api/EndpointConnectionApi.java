package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.EndpointConnectionActions;
import plemu.controlplane.Owned;
import plemu.controlplane.Unsuccessful;
import plemu.model.EndpointService;
import plemu.model.VpcEndpoint;

/**
 * The provider's side of endpoint connections: AcceptVpcEndpointConnections,
 * RejectVpcEndpointConnections, DescribeVpcEndpointConnections (every endpoint connected to the
 * caller's services, whoever owns it).
 */
final class EndpointConnectionApi {
  private EndpointConnectionApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("AcceptVpcEndpointConnections", new Action(Access.ACCOUNT, EndpointConnectionApi::accept));
    actions.put("RejectVpcEndpointConnections", new Action(Access.ACCOUNT, EndpointConnectionApi::reject));
    actions.put("DescribeVpcEndpointConnections", new Action(Access.ACCOUNT, EndpointConnectionApi::describe));
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<JsonNode> accept(ApiCall call) {
    Params p = call.params().allow("ServiceId", "VpcEndpointIds");
    return call.write(new EndpointConnectionActions.AcceptVpcEndpointConnections(call.caller(),
            p.requiredString("ServiceId"), p.strings("VpcEndpointIds")))
        .thenApply(failed -> EndpointJson.unsuccessful((List<Unsuccessful>) failed));
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<JsonNode> reject(ApiCall call) {
    Params p = call.params().allow("ServiceId", "VpcEndpointIds");
    return call.write(new EndpointConnectionActions.RejectVpcEndpointConnections(call.caller(),
            p.requiredString("ServiceId"), p.strings("VpcEndpointIds")))
        .thenApply(failed -> EndpointJson.unsuccessful((List<Unsuccessful>) failed));
  }

  private static final DescribeQuery<VpcEndpoint> CONNECTIONS =
      new DescribeQuery<VpcEndpoint>(VpcEndpoint::vpcEndpointId, e -> List.of())
          .filter("service-id", VpcEndpoint::serviceId)
          .filter("vpc-endpoint-owner", VpcEndpoint::ownerId)
          .filter("vpc-endpoint-state", VpcEndpoint::state)
          .filter("vpc-endpoint-id", VpcEndpoint::vpcEndpointId)
          .filter("vpc-endpoint-region", VpcEndpoint::region)
          .filter("ip-address-type", e -> "ipv4");

  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("Filters", "MaxResults", "NextToken");
    Map<String, EndpointService> mine = call.mine(Owned.ENDPOINT_SERVICE).stream()
        .collect(Collectors.toMap(EndpointService::serviceId, s -> s));
    Set<String> serviceIds = mine.keySet();
    // the endpoints of the caller's services are other accounts': a scan of all endpoints (no index by service yet)
    List<VpcEndpoint> connected = serviceIds.isEmpty() ? List.of() : call.state().vpcEndpoints().values().stream()
        .filter(e -> serviceIds.contains(e.serviceId())).toList();
    return VpcApi.done(CONNECTIONS.run(p, connected, "VpcEndpointConnections", e -> {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("ServiceId", e.serviceId());
      o.put("VpcEndpointId", e.vpcEndpointId());
      o.put("VpcEndpointOwner", e.ownerId());
      o.put("VpcEndpointState", e.state());
      o.put("CreationTimestamp", Instant.ofEpochMilli(e.createdTime()).toString());
      ArrayNode dns = o.putArray("DnsEntries");
      dns.addObject().put("DnsName", e.regionalDnsName());
      ArrayNode nlbs = o.putArray("NetworkLoadBalancerArns");
      mine.get(e.serviceId()).networkLoadBalancerArns().forEach(nlbs::add);
      o.put("IpAddressType", "ipv4");
      o.put("VpcEndpointConnectionId", "vpce-con-" + e.vpcEndpointId().substring("vpce-".length()));
      o.putArray("Tags");
      o.put("VpcEndpointRegion", e.region());
      return o;
    }));
  }
}
