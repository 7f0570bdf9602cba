package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static plemu.testing.ApiClient.assertError;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.ACCOUNT_B;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;

/**
 * The connection lifecycle: a service that requires acceptance leaves new endpoints
 * pendingAcceptance; its owner accepts (pending, then available once provisioned) or rejects; only
 * the owner may, and only from the states AWS allows; only the consumer deletes its endpoint.
 */
public class EndpointConnectionsTest extends ClusterTestBase {
  String serviceId;
  String serviceName;
  String consumerVpc;
  String consumerSubnet;

  @BeforeAll
  void world() throws Exception {
    String lb = api.nlbInAz1(TOKEN_A, "conn");
    JsonNode svc = api.ok(TOKEN_A, "CreateVpcEndpointServiceConfiguration", json("NetworkLoadBalancerArns", List.of(lb),
        "AcceptanceRequired", true)).get("ServiceConfiguration");
    serviceId = svc.get("ServiceId").asText();
    serviceName = svc.get("ServiceName").asText();
    api.ok(TOKEN_A, "ModifyVpcEndpointServicePermissions", json("ServiceId", serviceId,
        "AddAllowedPrincipals", List.of("arn:aws:iam::" + ACCOUNT_B + ":root")));
    consumerVpc = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    consumerSubnet = api.ok(TOKEN_B, "CreateSubnet", json("VpcId", consumerVpc, "CidrBlock", "10.0.1.0/24",
        "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
  }

  /** Waits (up to 10 s) until the consumer's endpoint is in {@code state}. */
  public static void awaitState(ApiClient api, String endpointId, String state) throws InterruptedException {
    String seen = null;
    for (int i = 0; i < 100; i++) {
      seen = api.ok(TOKEN_B, "DescribeVpcEndpoints", json("VpcEndpointIds", List.of(endpointId)))
          .get("VpcEndpoints").get(0).get("State").asText();
      if (seen.equals(state)) return;
      Thread.sleep(100);
    }
    assertEquals(state, seen, "state of " + endpointId + " within 10 s");
  }

  private String request() {
    JsonNode e = api.ok(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", consumerVpc,
        "ServiceName", serviceName, "SubnetIds", List.of(consumerSubnet))).get("VpcEndpoint");
    assertEquals("pendingAcceptance", e.get("State").asText());
    return e.get("VpcEndpointId").asText();
  }

  private JsonNode connection(String endpointId) {
    return api.ok(TOKEN_A, "DescribeVpcEndpointConnections", json("Filters",
        List.of(Map.of("Name", "vpc-endpoint-id", "Values", List.of(endpointId))))).get("VpcEndpointConnections").get(0);
  }

  @Test
  void theProviderAcceptsARequestWhichIsPendingThenAvailable() throws Exception {
    String id = request();
    JsonNode c = connection(id);
    assertEquals("pendingAcceptance", c.get("VpcEndpointState").asText());
    assertEquals(ACCOUNT_B, c.get("VpcEndpointOwner").asText());
    assertEquals(serviceId, c.get("ServiceId").asText());
    // the consumer cannot accept its own request: to it the service is not its own
    assertError("InvalidVpcEndpointServiceId.NotFound", api.call(TOKEN_B, "AcceptVpcEndpointConnections",
        json("ServiceId", serviceId, "VpcEndpointIds", List.of(id))));
    JsonNode accepted = api.ok(TOKEN_A, "AcceptVpcEndpointConnections", json("ServiceId", serviceId,
        "VpcEndpointIds", List.of(id)));
    assertEquals(0, accepted.get("Unsuccessful").size());
    assertEquals("pending", connection(id).get("VpcEndpointState").asText());
    awaitState(api, id, "available");
    JsonNode again = api.ok(TOKEN_A, "AcceptVpcEndpointConnections", json("ServiceId", serviceId,
        "VpcEndpointIds", List.of(id, "vpce-0123456789abcdef0", "nope")));
    assertEquals(List.of("IncorrectState", "InvalidVpcEndpoint.NotFound", "InvalidVpcEndpointId.Malformed"),
        List.of(code(again, 0), code(again, 1), code(again, 2)));
    // the provider cannot delete the consumer's endpoint; it can reject it, even when available
    assertEquals("InvalidVpcEndpoint.NotFound", code(api.ok(TOKEN_A, "DeleteVpcEndpoints",
        json("VpcEndpointIds", List.of(id))), 0));
    assertEquals(0, api.ok(TOKEN_A, "RejectVpcEndpointConnections", json("ServiceId", serviceId,
        "VpcEndpointIds", List.of(id))).get("Unsuccessful").size());
    awaitState(api, id, "rejected");
    assertEquals(0, api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(id))).get("Unsuccessful").size());
  }

  @Test
  void aRetriedRequestWithItsClientTokenCreatesOneEndpoint() throws Exception {
    String request = json("VpcEndpointType", "Interface", "VpcId", consumerVpc, "ServiceName", serviceName,
        "SubnetIds", List.of(consumerSubnet), "ClientToken", "retry-1");
    String inVpc = json("Filters", List.of(Map.of("Name", "vpc-id", "Values", List.of(consumerVpc))));
    int before = api.ok(TOKEN_B, "DescribeVpcEndpoints", inVpc).get("VpcEndpoints").size();
    JsonNode first = api.ok(TOKEN_B, "CreateVpcEndpoint", request);
    assertEquals("retry-1", first.get("ClientToken").asText());
    String id = first.get("VpcEndpoint").get("VpcEndpointId").asText();
    // the client did not see the answer and tries again: the same endpoint, nothing new
    assertEquals(id, api.ok(TOKEN_B, "CreateVpcEndpoint", request).get("VpcEndpoint").get("VpcEndpointId").asText());
    assertEquals(before + 1, api.ok(TOKEN_B, "DescribeVpcEndpoints", inVpc).get("VpcEndpoints").size());
    // the same token with other parameters is refused
    assertError("IdempotentParameterMismatch", api.call(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType",
        "Interface", "VpcId", consumerVpc, "ServiceName", serviceName, "SubnetIds", List.of(consumerSubnet),
        "PrivateDnsEnabled", false, "ClientToken", "retry-1")));
    api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(id)));
  }

  @Test
  void aRejectedRequestStaysRejectedAndBlocksNothing() throws Exception {
    String id = request();
    api.ok(TOKEN_A, "RejectVpcEndpointConnections", json("ServiceId", serviceId, "VpcEndpointIds", List.of(id)));
    awaitState(api, id, "rejected");
    assertEquals("IncorrectState", code(api.ok(TOKEN_A, "AcceptVpcEndpointConnections", json("ServiceId", serviceId,
        "VpcEndpointIds", List.of(id))), 0));
    // a rejected endpoint does not keep the provider from deleting its service
    JsonNode deleting = api.ok(TOKEN_A, "DescribeVpcEndpointConnections", json("Filters",
        List.of(Map.of("Name", "vpc-endpoint-state", "Values", List.of("rejected")))));
    assertEquals(1, deleting.get("VpcEndpointConnections").size());
    api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(id)));
    // deleting at once, then gone
    assertEquals("deleting", api.ok(TOKEN_B, "DescribeVpcEndpoints", json("VpcEndpointIds", List.of(id)))
        .get("VpcEndpoints").get(0).get("State").asText());
    int status = 200;
    for (int i = 0; i < 100 && status == 200; i++) {
      Thread.sleep(100);
      status = api.call(TOKEN_B, "DescribeVpcEndpoints", json("VpcEndpointIds", List.of(id))).status();
    }
    assertEquals(400, status, "gone after deleting");
  }

  @Test
  void loadBalancersAreAddedAnytimeButRemovedOnlyWithoutConnectedEndpoints() throws Exception {
    String vpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    List<String> lbs = new java.util.ArrayList<>();
    for (String az : List.of("use1-az1", "use1-az2")) {
      String subnet = api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.0." + az.charAt(7) + ".0/24",
          "AvailabilityZoneId", az)).get("Subnet").get("SubnetId").asText();
      lbs.add(api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "lbs-" + az, "Type", "network", "Scheme", "internal",
          "Subnets", List.of(subnet))).get("LoadBalancers").get(0).get("LoadBalancerArn").asText());
    }
    JsonNode svc = api.serviceFor(TOKEN_A, lbs.get(0), ACCOUNT_B);
    String id = svc.get("ServiceId").asText();
    api.ok(TOKEN_A, "ModifyVpcEndpointServiceConfiguration", json("ServiceId", id, "AddNetworkLoadBalancerArns",
        List.of(lbs.get(1))));
    JsonNode config = api.ok(TOKEN_A, "DescribeVpcEndpointServiceConfigurations", json("ServiceIds", List.of(id)))
        .get("ServiceConfigurations").get(0);
    assertEquals(2, config.get("NetworkLoadBalancerArns").size());
    assertEquals("[\"use1-az1\",\"use1-az2\"]", config.get("AvailabilityZoneIds").toString());
    String endpoint = api.ok(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", consumerVpc,
        "ServiceName", svc.get("ServiceName").asText(), "SubnetIds", List.of(consumerSubnet))).get("VpcEndpoint")
        .get("VpcEndpointId").asText();
    assertError("ExistingVpcEndpointConnections", api.call(TOKEN_A, "ModifyVpcEndpointServiceConfiguration",
        json("ServiceId", id, "RemoveNetworkLoadBalancerArns", List.of(lbs.get(1)))));
    api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(endpoint)));
    api.ok(TOKEN_A, "ModifyVpcEndpointServiceConfiguration", json("ServiceId", id, "RemoveNetworkLoadBalancerArns",
        List.of(lbs.get(1))));
    assertEquals("[\"use1-az1\"]", api.ok(TOKEN_A, "DescribeVpcEndpointServiceConfigurations",
        json("ServiceIds", List.of(id))).get("ServiceConfigurations").get(0).get("AvailabilityZoneIds").toString());
    assertError("InvalidParameter", api.call(TOKEN_A, "ModifyVpcEndpointServiceConfiguration",
        json("ServiceId", id, "RemoveNetworkLoadBalancerArns", List.of(lbs.get(0)))));
  }

  @Test
  void onlyTheOwnerChangesWhetherAcceptanceIsRequired() throws Exception {
    assertError("InvalidVpcEndpointServiceId.NotFound", api.call(TOKEN_B, "ModifyVpcEndpointServiceConfiguration",
        json("ServiceId", serviceId, "AcceptanceRequired", false)));
    api.ok(TOKEN_A, "ModifyVpcEndpointServiceConfiguration", json("ServiceId", serviceId, "AcceptanceRequired", false));
    JsonNode e = api.ok(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", consumerVpc,
        "ServiceName", serviceName, "SubnetIds", List.of(consumerSubnet))).get("VpcEndpoint");
    assertEquals("pending", e.get("State").asText(), "no acceptance needed any more");
    String id = e.get("VpcEndpointId").asText();
    awaitState(api, id, "available");
    api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(id)));
    api.ok(TOKEN_A, "ModifyVpcEndpointServiceConfiguration", json("ServiceId", serviceId, "AcceptanceRequired", true));
  }

  private static String code(JsonNode unsuccessful, int i) {
    return unsuccessful.get("Unsuccessful").get(i).get("Error").get("Code").asText();
  }
}
