package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.ACCOUNT_A;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;

class VpcApiTest extends ClusterTestBase {

  private JsonNode createVpc(String token, String cidr, String name) {
    return api.ok(token, "CreateVpc", json("CidrBlock", cidr, "TagSpecifications",
        List.of(Map.of("ResourceType", "vpc", "Tags", List.of(Map.of("Key", "Name", "Value", name)))))).get("Vpc");
  }

  @Test
  void createDescribeAndDeleteAVpc() {
    JsonNode vpc = createVpc(TOKEN_A, "10.10.0.0/16", "main");
    String id = vpc.get("VpcId").asText();
    assertTrue(id.matches("vpc-[0-9a-f]{17}"), id);
    assertEquals("10.10.0.0/16", vpc.get("CidrBlock").asText());
    assertEquals("available", vpc.get("State").asText());
    assertEquals(ACCOUNT_A, vpc.get("OwnerId").asText());
    assertEquals("main", vpc.get("Tags").get(0).get("Value").asText());

    JsonNode described = api.ok(TOKEN_A, "DescribeVpcs", json("VpcIds", List.of(id))).get("Vpcs");
    assertEquals(1, described.size());
    assertEquals(vpc, described.get(0));

    // its default security group came with it
    JsonNode groups = api.ok(TOKEN_A, "DescribeSecurityGroups", json("Filters",
        List.of(Map.of("Name", "vpc-id", "Values", List.of(id))))).get("SecurityGroups");
    assertEquals(1, groups.size());
    assertEquals("default", groups.get(0).get("GroupName").asText());

    api.ok(TOKEN_A, "DeleteVpc", json("VpcId", id));
    ApiClient.Response gone = api.call(TOKEN_A, "DescribeVpcs", json("VpcIds", List.of(id)));
    assertEquals(400, gone.status());
    assertEquals("InvalidVpcID.NotFound", gone.errorCode());
  }

  @Test
  void overlappingCidrsAcrossVpcsAreAllowedAndFiltersSelect() {
    String a = createVpc(TOKEN_A, "10.20.0.0/16", "overlap-1").get("VpcId").asText();
    String b = createVpc(TOKEN_A, "10.20.0.0/16", "overlap-2").get("VpcId").asText();
    JsonNode byCidr = api.ok(TOKEN_A, "DescribeVpcs", json("Filters",
        List.of(Map.of("Name", "cidr", "Values", List.of("10.20.0.0/16"))))).get("Vpcs");
    assertEquals(2, byCidr.size());
    JsonNode byTag = api.ok(TOKEN_A, "DescribeVpcs", json("Filters",
        List.of(Map.of("Name", "tag:Name", "Values", List.of("overlap-*"))))).get("Vpcs");
    assertEquals(2, byTag.size());
    JsonNode exact = api.ok(TOKEN_A, "DescribeVpcs", json("Filters",
        List.of(Map.of("Name", "tag:Name", "Values", List.of("overlap-2"))))).get("Vpcs");
    assertEquals(b, exact.get(0).get("VpcId").asText());
    api.ok(TOKEN_A, "DeleteVpc", json("VpcId", a));
    api.ok(TOKEN_A, "DeleteVpc", json("VpcId", b));
  }

  @Test
  void paginationWalksAllVpcsOnce() {
    for (int i = 0; i < 7; i++) createVpc(TOKEN_B, "172.16.0.0/16", "page-" + i);
    var seen = new java.util.HashSet<String>();
    String token = null;
    int pages = 0;
    do {
      JsonNode page = api.ok(TOKEN_B, "DescribeVpcs", token == null
          ? json("MaxResults", 5, "Filters", List.of(Map.of("Name", "tag:Name", "Values", List.of("page-*"))))
          : json("MaxResults", 5, "NextToken", token, "Filters", List.of(Map.of("Name", "tag:Name", "Values", List.of("page-*")))));
      page.get("Vpcs").forEach(v -> assertTrue(seen.add(v.get("VpcId").asText())));
      token = page.path("NextToken").asText(null);
      pages++;
    } while (token != null);
    assertEquals(7, seen.size());
    assertEquals(2, pages);
  }

  @Test
  void modifyAndDescribeDnsAttributes() {
    String id = createVpc(TOKEN_A, "10.30.0.0/16", "dns").get("VpcId").asText();
    assertTrue(api.ok(TOKEN_A, "DescribeVpcAttribute", json("VpcId", id, "Attribute", "enableDnsSupport"))
        .get("EnableDnsSupport").get("Value").asBoolean());
    assertFalse(api.ok(TOKEN_A, "DescribeVpcAttribute", json("VpcId", id, "Attribute", "enableDnsHostnames"))
        .get("EnableDnsHostnames").get("Value").asBoolean());
    api.ok(TOKEN_A, "ModifyVpcAttribute", json("VpcId", id, "EnableDnsHostnames", Map.of("Value", true)));
    assertTrue(api.ok(TOKEN_A, "DescribeVpcAttribute", json("VpcId", id, "Attribute", "enableDnsHostnames"))
        .get("EnableDnsHostnames").get("Value").asBoolean());
    // hostnames need DNS support: turning support off is refused while hostnames are on
    ApiClient.Response refused = api.call(TOKEN_A, "ModifyVpcAttribute", json("VpcId", id, "EnableDnsSupport", Map.of("Value", false)));
    assertEquals("InvalidParameterValue", refused.errorCode());
    ApiClient.Response both = api.call(TOKEN_A, "ModifyVpcAttribute", json("VpcId", id,
        "EnableDnsSupport", Map.of("Value", true), "EnableDnsHostnames", Map.of("Value", true)));
    assertEquals("InvalidParameterCombination", both.errorCode());
    api.ok(TOKEN_A, "DeleteVpc", json("VpcId", id));
  }

  @Test
  void badCidrsAreRefusedWithAwsCodes() {
    assertError("InvalidParameterValue", api.call(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.300/16")));
    assertError("InvalidParameterValue", api.call(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.1/16")));
    assertError("InvalidVpc.Range", api.call(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/8")));
    assertError("InvalidVpc.Range", api.call(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/29")));
    assertError("MissingParameter", api.call(TOKEN_A, "CreateVpc", "{}"));
    assertError("InvalidParameterValue", api.call(TOKEN_A, "CreateVpc", json("CidrBlock", 42)));
  }

  @Test
  void deletingAVpcWithSubnetsIsADependencyViolation() {
    String id = createVpc(TOKEN_A, "10.40.0.0/16", "busy").get("VpcId").asText();
    String subnet = api.ok(TOKEN_A, "CreateSubnet", json("VpcId", id, "CidrBlock", "10.40.1.0/24"))
        .get("Subnet").get("SubnetId").asText();
    assertError("DependencyViolation", api.call(TOKEN_A, "DeleteVpc", json("VpcId", id)));
    assertEquals(1, api.ok(TOKEN_A, "DescribeVpcs", json("VpcIds", List.of(id))).get("Vpcs").size());
    api.ok(TOKEN_A, "DeleteSubnet", json("SubnetId", subnet));
    api.ok(TOKEN_A, "DeleteVpc", json("VpcId", id));
  }

  @Test
  void unknownAndMalformedIds() {
    assertError("InvalidVpcID.NotFound", api.call(TOKEN_A, "DeleteVpc", json("VpcId", "vpc-0123456789abcdef0")));
    assertError("InvalidVpcID.Malformed", api.call(TOKEN_A, "DeleteVpc", json("VpcId", "not-a-vpc")));
    assertError("MissingParameter", api.call(TOKEN_A, "DeleteVpc", "{}"));
  }

  static void assertError(String code, ApiClient.Response r) {
    ApiClient.assertError(code, r);
  }
}
