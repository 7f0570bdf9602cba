package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.assertError;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.ACCOUNT_B;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;

/**
 * Allowed principals of an endpoint service: nobody but the owner by default; a consumer that is
 * not allowed cannot see the service nor create an endpoint to it ("does not exist"), as AWS.
 */
class EndpointPermissionsTest extends ClusterTestBase {
  String serviceId;
  String serviceName;
  String consumerSubnet;
  String consumerVpc;

  @BeforeAll
  void world() throws Exception {
    String lb = api.nlbInAz1(TOKEN_A, "perm");
    JsonNode svc = api.ok(TOKEN_A, "CreateVpcEndpointServiceConfiguration", json("NetworkLoadBalancerArns", List.of(lb)))
        .get("ServiceConfiguration");
    serviceId = svc.get("ServiceId").asText();
    serviceName = svc.get("ServiceName").asText();
    consumerVpc = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    consumerSubnet = api.ok(TOKEN_B, "CreateSubnet", json("VpcId", consumerVpc, "CidrBlock", "10.0.1.0/24",
        "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
  }

  private String createEndpointJson() {
    return json("VpcEndpointType", "Interface", "VpcId", consumerVpc, "ServiceName", serviceName,
        "SubnetIds", List.of(consumerSubnet));
  }

  private int visibleToB() {
    return api.ok(TOKEN_B, "DescribeVpcEndpointServices", "").get("ServiceDetails").size();
  }

  private void permissions(List<String> add, List<String> remove) {
    api.ok(TOKEN_A, "ModifyVpcEndpointServicePermissions", json("ServiceId", serviceId, "AddAllowedPrincipals", add,
        "RemoveAllowedPrincipals", remove));
  }

  @Test
  void aConsumerSeesAndUsesAServiceOnlyOnceAllowedAndRemovingKeepsItsEndpoint() throws Exception {
    assertEquals(0, visibleToB());
    assertError("InvalidServiceName", api.call(TOKEN_B, "DescribeVpcEndpointServices",
        json("ServiceNames", List.of(serviceName))));
    assertError("InvalidServiceName", api.call(TOKEN_B, "CreateVpcEndpoint", createEndpointJson()));
    assertEquals(1, api.ok(TOKEN_A, "DescribeVpcEndpointServices", "").get("ServiceDetails").size(), "the owner sees it");

    JsonNode added = api.ok(TOKEN_A, "ModifyVpcEndpointServicePermissions", json("ServiceId", serviceId,
        "AddAllowedPrincipals", List.of("arn:aws:iam::" + ACCOUNT_B + ":root")));
    assertTrue(added.get("ReturnValue").asBoolean());
    assertEquals("Account", added.get("AddedPrincipals").get(0).get("PrincipalType").asText());
    assertTrue(added.get("AddedPrincipals").get(0).get("ServicePermissionId").asText().startsWith("vpce-svc-perm-"));
    assertEquals(1, visibleToB());
    // ServiceRegions: services of those regions only (the caller's region has them all)
    assertEquals(1, api.ok(TOKEN_B, "DescribeVpcEndpointServices", json("ServiceRegions", List.of("us-east-1")))
        .get("ServiceDetails").size());
    assertEquals(0, api.ok(TOKEN_B, "DescribeVpcEndpointServices", json("ServiceRegions", List.of("eu-west-1")))
        .get("ServiceDetails").size());
    String endpoint = api.ok(TOKEN_B, "CreateVpcEndpoint", createEndpointJson()).get("VpcEndpoint").get("VpcEndpointId")
        .asText();

    EndpointConnectionsTest.awaitState(api, endpoint, "available");
    permissions(List.of(), List.of("arn:aws:iam::" + ACCOUNT_B + ":root"));
    assertEquals(0, visibleToB());
    assertEquals("available", api.ok(TOKEN_B, "DescribeVpcEndpoints", json("VpcEndpointIds", List.of(endpoint)))
        .get("VpcEndpoints").get(0).get("State").asText(), "removing a principal leaves its endpoints alone");
    api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(endpoint)));
  }

  @Test
  void principalsAreListedWithTheirTypesAndStarAllowsEveryone() {
    permissions(List.of("arn:aws:iam::333333333333:role/consumer", "arn:aws:iam::333333333333:user/alice", "*"), List.of());
    JsonNode all = api.ok(TOKEN_A, "DescribeVpcEndpointServicePermissions", json("ServiceId", serviceId))
        .get("AllowedPrincipals");
    assertEquals(3, all.size());
    JsonNode roles = api.ok(TOKEN_A, "DescribeVpcEndpointServicePermissions", json("ServiceId", serviceId,
        "Filters", List.of(java.util.Map.of("Name", "principal-type", "Values", List.of("Role"))))).get("AllowedPrincipals");
    assertEquals("arn:aws:iam::333333333333:role/consumer", roles.get(0).get("Principal").asText());
    assertEquals(1, visibleToB(), "* allows every account");
    permissions(List.of(), List.of("*", "arn:aws:iam::333333333333:role/consumer", "arn:aws:iam::333333333333:user/alice"));
    assertEquals(0, visibleToB());
  }

  @Test
  void badPrincipalsAndOtherAccountsAreRefused() {
    assertError("InvalidPrincipal", api.call(TOKEN_A, "ModifyVpcEndpointServicePermissions", json("ServiceId", serviceId,
        "AddAllowedPrincipals", List.of("arn:aws:sts::222222222222:assumed-role/x/y"))));
    assertError("InvalidPrincipal", api.call(TOKEN_A, "ModifyVpcEndpointServicePermissions", json("ServiceId", serviceId,
        "RemoveAllowedPrincipals", List.of("arn:aws:iam::999999999999:root"))));
    assertError("InvalidVpcEndpointServiceId.NotFound", api.call(TOKEN_B, "ModifyVpcEndpointServicePermissions",
        json("ServiceId", serviceId, "AddAllowedPrincipals", List.of("*"))));
    assertError("InvalidVpcEndpointServiceId.NotFound", api.call(TOKEN_B, "DescribeVpcEndpointServicePermissions",
        json("ServiceId", serviceId)));
    assertError("InvalidVpcEndpointServiceId.Malformed", api.call(TOKEN_A, "ModifyVpcEndpointServicePermissions",
        json("ServiceId", "svc-1", "AddAllowedPrincipals", List.of("*"))));
    assertEquals(0, visibleToB(), "nothing was granted");
  }
}
