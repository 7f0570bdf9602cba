package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.controlplane.EndpointServiceActions;
import plemu.controlplane.Idempotent;
import plemu.controlplane.Owned;
import plemu.controlplane.ServicePermissionActions;
import plemu.controlplane.Unsuccessful;
import plemu.controlplane.UsableServices;
import plemu.controlplane.VpcEndpointActions;
import plemu.model.Account;
import plemu.model.EndpointService;
import plemu.model.VpcEndpoint;

/**
 * Endpoint services (provider side) and interface endpoints (consumer side). A consumer sees and
 * uses only the services whose allowed principals cover it (ModifyVpcEndpointServicePermissions).
 */
final class EndpointApi {
  private EndpointApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("CreateVpcEndpointServiceConfiguration", new Action(Access.ACCOUNT, EndpointApi::createService));
    actions.put("DescribeVpcEndpointServiceConfigurations", new Action(Access.ACCOUNT, EndpointApi::describeConfigurations));
    actions.put("DeleteVpcEndpointServiceConfigurations", new Action(Access.ACCOUNT, EndpointApi::deleteServices));
    actions.put("ModifyVpcEndpointServiceConfiguration", new Action(Access.ACCOUNT, EndpointApi::modifyService));
    actions.put("StartVpcEndpointServicePrivateDnsVerification", new Action(Access.ACCOUNT, EndpointApi::startVerification));
    actions.put("ModifyVpcEndpointServicePermissions", new Action(Access.ACCOUNT, EndpointApi::modifyPermissions));
    actions.put("DescribeVpcEndpointServicePermissions", new Action(Access.ACCOUNT, EndpointApi::describePermissions));
    actions.put("DescribeVpcEndpointServices", new Action(Access.ACCOUNT, EndpointApi::describeServices));
    actions.put("CreateVpcEndpoint", new Action(Access.ACCOUNT, EndpointApi::createEndpoint));
    actions.put("DescribeVpcEndpoints", new Action(Access.ACCOUNT, EndpointApi::describeEndpoints));
    actions.put("DeleteVpcEndpoints", new Action(Access.ACCOUNT, EndpointApi::deleteEndpoints));
  }

  private static CompletionStage<JsonNode> createService(ApiCall call) {
    Params p = call.params().allow("NetworkLoadBalancerArns", "AcceptanceRequired", "PrivateDnsName", "TagSpecifications",
        "SupportedIpAddressTypes", "ClientToken");
    if (!p.strings("SupportedIpAddressTypes").stream().allMatch("ipv4"::equals))
      throw AwsError.badRequest("InvalidParameter", "plemu emulates ipv4 endpoint services only").exception();
    Account viewer = call.account();
    String token = p.string("ClientToken");
    return call.write(new Idempotent(call.caller(), "CreateVpcEndpointServiceConfiguration", token,
            new EndpointServiceActions.CreateVpcEndpointServiceConfiguration(call.caller(),
                p.strings("NetworkLoadBalancerArns"), p.bool("AcceptanceRequired"), p.string("PrivateDnsName"),
                p.tags("vpc-endpoint-service"))))
        .thenApply(svc -> withClientToken(VpcApi.wrap("ServiceConfiguration",
            EndpointJson.serviceConfiguration((EndpointService) svc, viewer)), token));
  }

  private static CompletionStage<JsonNode> modifyService(ApiCall call) {
    Params p = call.params().allow("ServiceId", "PrivateDnsName", "RemovePrivateDnsName", "AcceptanceRequired",
        "AddNetworkLoadBalancerArns", "RemoveNetworkLoadBalancerArns", "AddSupportedIpAddressTypes",
        "RemoveSupportedIpAddressTypes", "AddGatewayLoadBalancerArns", "RemoveGatewayLoadBalancerArns");
    for (String notHere : List.of("AddGatewayLoadBalancerArns", "RemoveGatewayLoadBalancerArns",
        "AddSupportedIpAddressTypes", "RemoveSupportedIpAddressTypes"))
      if (!p.strings(notHere).isEmpty())
        throw AwsError.badRequest("InvalidParameter", "plemu emulates IPv4 services of Network Load Balancers only ("
            + notHere + ")").exception();
    return call.write(new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(call.caller(),
            p.requiredString("ServiceId"), p.string("PrivateDnsName"), p.bool("RemovePrivateDnsName"),
            p.bool("AcceptanceRequired"), p.strings("AddNetworkLoadBalancerArns"),
            p.strings("RemoveNetworkLoadBalancerArns")))
        .thenApply(svc -> returnValue());
  }

  private static CompletionStage<JsonNode> startVerification(ApiCall call) {
    Params p = call.params().allow("ServiceId");
    return call.write(new EndpointServiceActions.StartVpcEndpointServicePrivateDnsVerification(call.caller(),
            p.requiredString("ServiceId")))
        .thenApply(svc -> returnValue());
  }

  private static CompletionStage<JsonNode> modifyPermissions(ApiCall call) {
    Params p = call.params().allow("ServiceId", "AddAllowedPrincipals", "RemoveAllowedPrincipals");
    String serviceId = p.requiredString("ServiceId");
    return call.write(new ServicePermissionActions.ModifyVpcEndpointServicePermissions(call.caller(), serviceId,
            p.strings("AddAllowedPrincipals"), p.strings("RemoveAllowedPrincipals")))
        .thenApply(r -> {
          ObjectNode o = (ObjectNode) returnValue();
          ArrayNode added = o.putArray("AddedPrincipals");
          for (var g : ((ServicePermissionActions.Result) r).added())
            added.addObject().put("PrincipalType", g.principalType()).put("Principal", g.principal())
                .put("ServicePermissionId", g.servicePermissionId()).put("ServiceId", serviceId);
          return o;
        });
  }

  private static final DescribeQuery<EndpointService.AllowedPrincipal> PRINCIPALS =
      new DescribeQuery<EndpointService.AllowedPrincipal>(EndpointService.AllowedPrincipal::servicePermissionId,
          g -> List.of())
          .filter("principal", EndpointService.AllowedPrincipal::principal)
          .filter("principal-type", EndpointService.AllowedPrincipal::principalType);

  private static CompletionStage<JsonNode> describePermissions(ApiCall call) {
    Params p = call.params().allow("ServiceId", "Filters", "MaxResults", "NextToken");
    String serviceId = p.requiredString("ServiceId");
    EndpointService svc = call.owned(Owned.ENDPOINT_SERVICE, serviceId);
    return VpcApi.done(PRINCIPALS.run(p, svc.allowedPrincipals(), "AllowedPrincipals", g -> {
      ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      o.put("PrincipalType", g.principalType()).put("Principal", g.principal())
          .put("ServicePermissionId", g.servicePermissionId()).put("ServiceId", serviceId);
      o.putArray("Tags");
      return o;
    }));
  }

  private static JsonNode returnValue() {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("ReturnValue", true);
  }

  private static final DescribeQuery<EndpointService> CONFIGURATIONS =
      new DescribeQuery<EndpointService>(EndpointService::serviceId, EndpointService::tags)
          .filter("service-name", EndpointService::serviceName)
          .filter("service-id", EndpointService::serviceId)
          .filter("service-state", s -> "Available")
          .filter("supported-ip-address-types", s -> "ipv4");

  private static CompletionStage<JsonNode> describeConfigurations(ApiCall call) {
    Params p = call.params().allow("ServiceIds", "Filters", "MaxResults", "NextToken");
    Account viewer = call.account();
    List<EndpointService> chosen = call.chosen(Owned.ENDPOINT_SERVICE, p.strings("ServiceIds"));
    return VpcApi.done(CONFIGURATIONS.run(p, chosen, "ServiceConfigurations",
        s -> EndpointJson.serviceConfiguration(s, viewer)));
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<JsonNode> deleteServices(ApiCall call) {
    Params p = call.params().allow("ServiceIds");
    return call.write(new EndpointServiceActions.DeleteVpcEndpointServiceConfigurations(call.caller(), p.strings("ServiceIds")))
        .thenApply(failed -> EndpointJson.unsuccessful((List<Unsuccessful>) failed));
  }

  private static final DescribeQuery<EndpointService> SERVICES =
      new DescribeQuery<EndpointService>(EndpointService::serviceName, EndpointService::tags)
          .filter("service-name", EndpointService::serviceName)
          .filter("service-type", s -> "Interface")
          .filter("service-region", EndpointService::region)
          .filter("owner", EndpointService::ownerId)
          .filter("supported-ip-address-types", s -> "ipv4");

  private static CompletionStage<JsonNode> describeServices(ApiCall call) {
    Params p = call.params().allow("ServiceNames", "Filters", "MaxResults", "NextToken", "ServiceRegions");
    Account viewer = call.account();
    // a consumer sees only the services it may use (AWS: not allowed is "does not exist")
    // ServiceRegions: the regions to list services of (cross-region services are not emulated yet:
    // only the caller's region has any)
    List<String> regions = p.strings("ServiceRegions");
    List<String> names = p.strings("ServiceNames");
    List<EndpointService> chosen = names.isEmpty() ? UsableServices.all(call.state(), call.caller())
        : names.stream().distinct().map(n -> UsableServices.named(call.state(), call.caller(), n).orElseThrow(() ->
            AwsError.badRequest("InvalidServiceName", "The Vpc Endpoint Service '" + n + "' does not exist").exception()))
            .toList();
    chosen = chosen.stream().filter(s -> regions.isEmpty() || regions.contains(s.region())).toList();
    var out = SERVICES.run(p, chosen, "ServiceDetails", s -> EndpointJson.serviceDetail(s, viewer));
    ArrayNode serviceNames = out.putArray("ServiceNames");
    out.get("ServiceDetails").forEach(d -> serviceNames.add(d.get("ServiceName").asText()));
    return VpcApi.done(out);
  }

  private static CompletionStage<JsonNode> createEndpoint(ApiCall call) {
    Params p = call.params().allow("VpcEndpointType", "VpcId", "ServiceName", "SubnetIds", "SecurityGroupIds",
        "PrivateDnsEnabled", "TagSpecifications", "IpAddressType", "ClientToken");
    String ipType = p.string("IpAddressType");
    if (ipType != null && !ipType.equals("ipv4"))
      throw AwsError.badRequest("InvalidParameter", "plemu emulates IpAddressType ipv4 only").exception();
    Account viewer = call.account();
    String token = p.string("ClientToken");
    return call.write(new Idempotent(call.caller(), "CreateVpcEndpoint", token,
            new VpcEndpointActions.CreateVpcEndpoint(call.caller(), p.string("VpcEndpointType"),
                p.requiredString("VpcId"), p.string("ServiceName"), p.strings("SubnetIds"),
                p.strings("SecurityGroupIds"), p.bool("PrivateDnsEnabled"), p.tags("vpc-endpoint"))))
        .thenCompose(created -> call.refreshed().thenApply(state -> {
          // a repeated request gets the endpoint as it is now
          VpcEndpoint e = state.vpcEndpoints().getOrDefault(((VpcEndpoint) created).vpcEndpointId(), (VpcEndpoint) created);
          return withClientToken(VpcApi.wrap("VpcEndpoint", EndpointJson.vpcEndpoint(e, viewer, state)), token);
        }));
  }

  /** EC2 echoes the request's {@code ClientToken} in a create's response. */
  static JsonNode withClientToken(JsonNode response, String token) {
    if (token != null && !token.isEmpty() && response instanceof ObjectNode o) o.put("ClientToken", token);
    return response;
  }

  private static final DescribeQuery<VpcEndpoint> ENDPOINTS = new DescribeQuery<VpcEndpoint>(VpcEndpoint::vpcEndpointId,
      VpcEndpoint::tags)
      .filter("vpc-endpoint-id", VpcEndpoint::vpcEndpointId)
      .filter("vpc-id", VpcEndpoint::vpcId)
      .filter("service-name", VpcEndpoint::serviceName)
      .filter("service-region", VpcEndpoint::region)
      .filter("vpc-endpoint-state", VpcEndpoint::state)
      .filter("vpc-endpoint-type", e -> "Interface")
      .filter("ip-address-type", e -> "ipv4");

  private static CompletionStage<JsonNode> describeEndpoints(ApiCall call) {
    Params p = call.params().allow("VpcEndpointIds", "Filters", "MaxResults", "NextToken");
    Account viewer = call.account();
    List<VpcEndpoint> chosen = call.chosen(Owned.VPC_ENDPOINT, p.strings("VpcEndpointIds"));
    return VpcApi.done(ENDPOINTS.run(p, chosen, "VpcEndpoints", e -> EndpointJson.vpcEndpoint(e, viewer, call.state())));
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<JsonNode> deleteEndpoints(ApiCall call) {
    Params p = call.params().allow("VpcEndpointIds");
    return call.write(new VpcEndpointActions.DeleteVpcEndpoints(call.caller(), p.strings("VpcEndpointIds")))
        .thenApply(failed -> EndpointJson.unsuccessful((List<Unsuccessful>) failed));
  }
}
