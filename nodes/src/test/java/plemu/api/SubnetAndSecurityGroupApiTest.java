package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.api.VpcApiTest.assertError;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;

class SubnetAndSecurityGroupApiTest extends ClusterTestBase {
  String vpcA;

  @BeforeAll
  void vpc() {
    vpcA = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
  }

  private String zoneName(String token, String zoneId) {
    JsonNode zones = api.ok(token, "DescribeAvailabilityZones", json("ZoneIds", List.of(zoneId))).get("AvailabilityZones");
    return zones.get(0).get("ZoneName").asText();
  }

  @Test
  void subnetInAZoneByTheCallersNameAndById() {
    String name = zoneName(TOKEN_A, "use1-az2");
    JsonNode byName = api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpcA, "CidrBlock", "10.0.1.0/24",
        "AvailabilityZone", name)).get("Subnet");
    assertEquals("use1-az2", byName.get("AvailabilityZoneId").asText());
    assertEquals(name, byName.get("AvailabilityZone").asText());
    assertEquals(251, byName.get("AvailableIpAddressCount").asInt()); // 256 - 5 reserved by AWS
    assertTrue(byName.get("SubnetId").asText().matches("subnet-[0-9a-f]{17}"));

    JsonNode byId = api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpcA, "CidrBlock", "10.0.2.0/28",
        "AvailabilityZoneId", "use1-az3")).get("Subnet");
    assertEquals(11, byId.get("AvailableIpAddressCount").asInt());

    JsonNode inAz2 = api.ok(TOKEN_A, "DescribeSubnets", json("Filters", List.of(
        Map.of("Name", "availability-zone-id", "Values", List.of("use1-az2")),
        Map.of("Name", "cidr-block", "Values", List.of("10.0.1.0/24", "10.0.2.0/28")),
        Map.of("Name", "vpc-id", "Values", List.of(vpcA))))).get("Subnets");
    assertEquals(1, inAz2.size());
    assertEquals(byName.get("SubnetId"), inAz2.get(0).get("SubnetId"));
  }

  @Test
  void eachAccountNamesZonesItsOwnWay() {
    // The two test accounts map zone names to AZ IDs differently (derived from the account id).
    boolean differ = false;
    for (String id : List.of("use1-az1", "use1-az2", "use1-az3"))
      differ |= !zoneName(TOKEN_A, id).equals(zoneName(TOKEN_B, id));
    assertTrue(differ, "accounts A and B should not see identical AZ names");
    JsonNode zones = api.ok(TOKEN_A, "DescribeAvailabilityZones", "").get("AvailabilityZones");
    assertEquals(3, zones.size());
    zones.forEach(z -> assertEquals("available", z.get("State").asText()));
  }

  @Test
  void subnetErrors() {
    assertError("InvalidSubnet.Range", api.call(TOKEN_A, "CreateSubnet", json("VpcId", vpcA, "CidrBlock", "10.1.0.0/24")));
    assertError("InvalidSubnet.Range", api.call(TOKEN_A, "CreateSubnet", json("VpcId", vpcA, "CidrBlock", "10.0.0.0/29")));
    api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpcA, "CidrBlock", "10.0.100.0/24", "AvailabilityZoneId", "use1-az1"));
    assertError("InvalidSubnet.Conflict", api.call(TOKEN_A, "CreateSubnet", json("VpcId", vpcA, "CidrBlock", "10.0.100.128/25")));
    assertError("InvalidSubnet.Conflict", api.call(TOKEN_A, "CreateSubnet", json("VpcId", vpcA, "CidrBlock", "10.0.0.0/17")));
    assertError("InvalidParameterValue", api.call(TOKEN_A, "CreateSubnet", json("VpcId", vpcA, "CidrBlock", "10.0.101.0/24",
        "AvailabilityZone", "us-east-1z")));
    assertError("InvalidVpcID.NotFound", api.call(TOKEN_A, "CreateSubnet", json("VpcId", "vpc-0123456789abcdef0",
        "CidrBlock", "10.0.1.0/24")));
    assertError("MissingParameter", api.call(TOKEN_A, "CreateSubnet", json("VpcId", vpcA)));
    assertError("InvalidSubnetID.NotFound", api.call(TOKEN_A, "DeleteSubnet", json("SubnetId", "subnet-0123456789abcdef0")));
    assertError("InvalidSubnetID.NotFound", api.call(TOKEN_A, "DescribeSubnets", json("SubnetIds", List.of("subnet-0123456789abcdef0"))));
  }

  @Test
  void securityGroupRulesByCidrAndByGroup() {
    String web = api.ok(TOKEN_A, "CreateSecurityGroup", json("GroupName", "web", "Description", "web servers",
        "VpcId", vpcA)).get("GroupId").asText();
    String lb = api.ok(TOKEN_A, "CreateSecurityGroup", json("GroupName", "lb", "Description", "load balancers",
        "VpcId", vpcA)).get("GroupId").asText();
    JsonNode added = api.ok(TOKEN_A, "AuthorizeSecurityGroupIngress", json("GroupId", web, "IpPermissions", List.of(
        Map.of("IpProtocol", "tcp", "FromPort", 80, "ToPort", 80,
            "IpRanges", List.of(Map.of("CidrIp", "10.0.0.0/16", "Description", "vpc")),
            "UserIdGroupPairs", List.of(Map.of("GroupId", lb)))))).get("SecurityGroupRules");
    assertEquals(2, added.size());
    assertTrue(added.get(0).get("SecurityGroupRuleId").asText().startsWith("sgr-"));

    JsonNode group = api.ok(TOKEN_A, "DescribeSecurityGroups", json("GroupIds", List.of(web))).get("SecurityGroups").get(0);
    JsonNode perm = group.get("IpPermissions").get(0);
    assertEquals("tcp", perm.get("IpProtocol").asText());
    assertEquals(80, perm.get("FromPort").asInt());
    assertEquals("10.0.0.0/16", perm.get("IpRanges").get(0).get("CidrIp").asText());
    assertEquals(lb, perm.get("UserIdGroupPairs").get(0).get("GroupId").asText());
    assertEquals("0.0.0.0/0", group.get("IpPermissionsEgress").get(0).get("IpRanges").get(0).get("CidrIp").asText());

    assertError("InvalidPermission.Duplicate", api.call(TOKEN_A, "AuthorizeSecurityGroupIngress", json("GroupId", web,
        "IpProtocol", "tcp", "FromPort", 80, "ToPort", 80, "CidrIp", "10.0.0.0/16")));
    assertError("DependencyViolation", api.call(TOKEN_A, "DeleteSecurityGroup", json("GroupId", lb)));

    // revoke one rule by permission, the other by id
    api.ok(TOKEN_A, "RevokeSecurityGroupIngress", json("GroupId", web, "IpPermissions", List.of(
        Map.of("IpProtocol", "tcp", "FromPort", 80, "ToPort", 80, "IpRanges", List.of(Map.of("CidrIp", "10.0.0.0/16"))))));
    String refRule = added.get(1).get("SecurityGroupRuleId").asText();
    JsonNode revoked = api.ok(TOKEN_A, "RevokeSecurityGroupIngress", json("GroupId", web,
        "SecurityGroupRuleIds", List.of(refRule))).get("RevokedSecurityGroupRules");
    assertEquals(refRule, revoked.get(0).get("SecurityGroupRuleId").asText());
    assertEquals(lb, revoked.get(0).get("ReferencedGroupId").asText()); // botocore's RevokedSecurityGroupRule shape
    assertEquals(0, api.ok(TOKEN_A, "DescribeSecurityGroups", json("GroupIds", List.of(web)))
        .get("SecurityGroups").get(0).get("IpPermissions").size());
    assertError("InvalidPermission.NotFound", api.call(TOKEN_A, "RevokeSecurityGroupIngress", json("GroupId", web,
        "IpProtocol", "tcp", "FromPort", 80, "ToPort", 80, "CidrIp", "10.0.0.0/16")));

    // egress: add and revoke
    api.ok(TOKEN_A, "AuthorizeSecurityGroupEgress", json("GroupId", web, "IpPermissions", List.of(
        Map.of("IpProtocol", "udp", "FromPort", 53, "ToPort", 53, "IpRanges", List.of(Map.of("CidrIp", "10.0.0.2/32"))))));
    api.ok(TOKEN_A, "RevokeSecurityGroupEgress", json("GroupId", web, "IpPermissions", List.of(
        Map.of("IpProtocol", "udp", "FromPort", 53, "ToPort", 53, "IpRanges", List.of(Map.of("CidrIp", "10.0.0.2/32"))))));

    assertEquals(true, api.ok(TOKEN_A, "DeleteSecurityGroup", json("GroupId", lb)).get("Return").asBoolean());
    api.ok(TOKEN_A, "DeleteSecurityGroup", json("GroupName", "web"));
    assertError("InvalidGroup.NotFound", api.call(TOKEN_A, "DescribeSecurityGroups", json("GroupIds", List.of(web))));
  }

  @Test
  void securityGroupErrors() {
    assertError("InvalidGroup.Reserved", api.call(TOKEN_A, "CreateSecurityGroup", json("GroupName", "default",
        "Description", "d", "VpcId", vpcA)));
    api.ok(TOKEN_A, "CreateSecurityGroup", json("GroupName", "dup", "Description", "d", "VpcId", vpcA));
    assertError("InvalidGroup.Duplicate", api.call(TOKEN_A, "CreateSecurityGroup", json("GroupName", "dup",
        "Description", "d", "VpcId", vpcA)));
    assertError("MissingParameter", api.call(TOKEN_A, "CreateSecurityGroup", json("GroupName", "x", "VpcId", vpcA)));
    String defaultGroup = api.ok(TOKEN_A, "DescribeSecurityGroups", json("Filters", List.of(
        Map.of("Name", "vpc-id", "Values", List.of(vpcA)), Map.of("Name", "group-name", "Values", List.of("default")))))
        .get("SecurityGroups").get(0).get("GroupId").asText();
    assertError("CannotDelete", api.call(TOKEN_A, "DeleteSecurityGroup", json("GroupId", defaultGroup)));
    assertError("InvalidGroupId.Malformed", api.call(TOKEN_A, "DeleteSecurityGroup", json("GroupId", "web")));
    assertError("InvalidParameterValue", api.call(TOKEN_A, "AuthorizeSecurityGroupIngress", json("GroupId", defaultGroup,
        "IpProtocol", "tcp", "FromPort", 90, "ToPort", 80, "CidrIp", "10.0.0.0/16")));
    assertError("InvalidParameterValue", api.call(TOKEN_A, "AuthorizeSecurityGroupIngress", json("GroupId", defaultGroup,
        "IpProtocol", "gre", "CidrIp", "10.0.0.0/16")));
    assertError("InvalidParameterValue", api.call(TOKEN_A, "DescribeSecurityGroups", json("Filters", List.of(
        Map.of("Name", "no-such-filter", "Values", List.of("x"))))));
    // nested members are checked too
    assertError("InvalidParameterValue", api.call(TOKEN_A, "AuthorizeSecurityGroupIngress", json("GroupId", defaultGroup,
        "IpPermissions", List.of(Map.of("IpProtocol", "tcp", "FromPort", "abc", "ToPort", 22,
            "IpRanges", List.of(Map.of("CidrIp", "10.0.0.0/16")))))));
    assertError("UnknownParameter", api.call(TOKEN_A, "AuthorizeSecurityGroupIngress", json("GroupId", defaultGroup,
        "IpPermissions", List.of(Map.of("IpProtocol", "tcp", "FromPort", 22, "ToPort", 22, "Bogus", 1,
            "IpRanges", List.of(Map.of("CidrIp", "10.0.0.0/16")))))));
    assertError("InvalidParameterValue", api.call(TOKEN_A, "AuthorizeSecurityGroupIngress", json("GroupId", defaultGroup,
        "IpProtocol", "icmp", "FromPort", 8, "ToPort", 400, "CidrIp", "10.0.0.0/16")));
  }

  @Test
  void anotherAccountSeesNothingAndChangesNothing() {
    String subnet = api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpcA, "CidrBlock", "10.0.200.0/24"))
        .get("Subnet").get("SubnetId").asText();
    String group = api.ok(TOKEN_A, "CreateSecurityGroup", json("GroupName", "private", "Description", "d", "VpcId", vpcA))
        .get("GroupId").asText();
    assertError("InvalidVpcID.NotFound", api.call(TOKEN_B, "DescribeVpcs", json("VpcIds", List.of(vpcA))));
    assertError("InvalidVpcID.NotFound", api.call(TOKEN_B, "DeleteVpc", json("VpcId", vpcA)));
    assertError("InvalidVpcID.NotFound", api.call(TOKEN_B, "CreateSubnet", json("VpcId", vpcA, "CidrBlock", "10.0.201.0/24")));
    assertError("InvalidSubnetID.NotFound", api.call(TOKEN_B, "DeleteSubnet", json("SubnetId", subnet)));
    assertError("InvalidGroup.NotFound", api.call(TOKEN_B, "DeleteSecurityGroup", json("GroupId", group)));
    assertError("InvalidGroup.NotFound", api.call(TOKEN_B, "AuthorizeSecurityGroupIngress", json("GroupId", group,
        "IpProtocol", "-1", "CidrIp", "0.0.0.0/0")));
    for (String action : List.of("DescribeVpcs", "DescribeSubnets", "DescribeSecurityGroups")) {
      JsonNode all = api.ok(TOKEN_B, action, "");
      all.elements().next().forEach(r -> assertNotEquals("111111111111", r.get("OwnerId").asText(), action));
    }
    // and A still has all of it
    assertEquals(1, api.ok(TOKEN_A, "DescribeSubnets", json("SubnetIds", List.of(subnet))).get("Subnets").size());
  }
}
