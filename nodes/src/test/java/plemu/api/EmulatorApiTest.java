package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.api.VpcApiTest.assertError;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.OPERATOR;
import static plemu.testing.TestClusters.TOKEN_A;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;

class EmulatorApiTest extends ClusterTestBase {

  static final String SCENARIO = """
      name: extra
      accounts:
        - { id: "333333333333", name: third, token: token-c }
      vpcs:
        - name: third-vpc
          account: "333333333333"
          region: us-east-1
          cidrBlock: 10.0.0.0/16
          enableDnsHostnames: true
          subnets:
            - { name: third-a, cidrBlock: 10.0.1.0/24, availabilityZoneId: use1-az1 }
          securityGroups:
            - name: app
              ingress:
                - { protocol: tcp, port: 443, cidr: 10.0.0.0/16 }
                - { protocol: tcp, port: 8080, sourceGroup: app }
      """;

  @Test
  void clusterMembersShowEveryNodeWithItsRoleAndReachability() {
    JsonNode members = api.ok(OPERATOR, "DescribeClusterMembers", "").get("Members");
    assertEquals(4, members.size());
    Set<String> names = new HashSet<>();
    members.forEach(m -> {
      names.add(m.get("NodeName").asText());
      assertEquals("Up", m.get("Status").asText());
      assertTrue(m.get("Reachable").asBoolean());
      assertEquals("us-east-1", m.get("Region").asText());
    });
    assertEquals(Set.of("us-east-1", "use1-az1", "use1-az2", "use1-az3"), names);
    members.forEach(m -> {
      if (m.get("Role").asText().equals("az"))
        assertEquals(m.get("NodeName").asText(), m.get("AvailabilityZoneId").asText());
    });
  }

  @Test
  void describeRegions() {
    JsonNode regions = api.ok(TOKEN_A, "DescribeRegions", "").get("Regions");
    assertEquals(1, regions.size());
    assertEquals("us-east-1", regions.get(0).get("RegionName").asText());
    assertEquals("ec2.us-east-1.amazonaws.com", regions.get(0).get("Endpoint").asText());
    assertError("InvalidParameterValue", api.call(TOKEN_A, "DescribeRegions", json("RegionNames", List.of("mars-1"))));
  }

  @Test
  void applyAScenarioTwiceAsYamlThenAsJson() {
    JsonNode first = api.send(OPERATOR, "ApplyScenario", SCENARIO, "application/yaml").body();
    assertEquals(3, first.get("Created").size(), first::toString); // the VPC, its subnet and group "app"
    JsonNode again = api.ok(OPERATOR, "ApplyScenario", json("Scenario", SCENARIO));
    assertEquals(0, again.get("Created").size());
    // the new account's token works and sees what the scenario made
    JsonNode vpcs = api.ok("token-c", "DescribeVpcs", "").get("Vpcs");
    assertEquals(1, vpcs.size());
    assertEquals("third-vpc", vpcs.get(0).get("Tags").get(0).get("Value").asText());
    assertTrue(api.ok("token-c", "DescribeVpcAttribute", json("VpcId", vpcs.get(0).get("VpcId").asText(),
        "Attribute", "enableDnsHostnames")).get("EnableDnsHostnames").get("Value").asBoolean());
    JsonNode app = api.ok("token-c", "DescribeSecurityGroups", json("GroupNames", List.of("app"))).get("SecurityGroups").get(0);
    assertEquals(2, app.get("IpPermissions").size());
  }

  @Test
  void anInvalidScenarioNamesTheLineOrFieldAndAppliesNothing() {
    ApiClient.Response typo = api.send(OPERATOR, "ApplyScenario", """
        name: broken
        accounts:
          - { id: "444444444444", token: token-d }
        vpcs:
          - name: v
            account: "444444444444"
            region: us-east-1
            cidrBlok: 10.0.0.0/16
        """, "application/yaml");
    assertEquals(400, typo.status());
    assertTrue(typo.errorMessage().contains("line 8"), typo.errorMessage());
    assertTrue(typo.errorMessage().contains("cidrBlok"), typo.errorMessage());

    ApiClient.Response semantic = api.send(OPERATOR, "ApplyScenario", """
        name: broken
        accounts:
          - { id: "444444444444", token: token-d }
        vpcs:
          - name: good
            account: "444444444444"
            region: us-east-1
            cidrBlock: 10.0.0.0/16
          - name: bad
            account: "444444444444"
            region: us-east-1
            cidrBlock: 10.1.0.0/16
            subnets:
              - { name: outside, cidrBlock: 10.2.0.0/24, availabilityZoneId: use1-az1 }
        """, "application/yaml");
    assertEquals(400, semantic.status());
    assertTrue(semantic.errorMessage().contains("vpcs[1].subnets[0]"), semantic.errorMessage());
    assertEquals("InvalidSubnet.Range", semantic.errorCode(), semantic::toString);
    // nothing of it was applied: the account and its token do not exist
    assertEquals(401, api.call("token-d", "DescribeVpcs", "").status());

    ApiClient.Response empty = api.send(OPERATOR, "ApplyScenario", "", "application/yaml");
    assertEquals(400, empty.status());
    assertError("InvalidParameterValue", api.send(OPERATOR, "ApplyScenario", "vpcs: {", "application/yaml"));
    assertError("InvalidParameterValue", api.call(OPERATOR, "ApplyScenario", json("Scenario",
        "accounts:\n  - { id: \"12\", token: t }\n")));
  }
}
