package plemu.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.OPERATOR;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import plemu.node.Node;
import plemu.launcher.EmbeddedCluster;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;
import plemu.testing.TestClusters;

/**
 * Acknowledged writes survive the crash of any single node, and a full stop and start of every
 * node from its data directory restores the whole desired state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogCapturingExtension.class)
class DurabilityTest {
  private Path dataDir;
  private EmbeddedCluster cluster;

  @AfterAll
  void cleanUp() throws Exception {
    if (cluster != null) cluster.close();
    ClusterTestBase.deleteRecursively(dataDir);
  }

  @Test
  void writesSurviveANodeCrashAndAFullRestart() throws Exception {
    dataDir = Files.createTempDirectory("plemu-durability");
    cluster = TestClusters.start(dataDir);
    ApiClient api = new ApiClient(cluster.apiAddress());

    String vpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    String subnet = api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.0.1.0/24",
        "AvailabilityZoneId", "use1-az2")).get("Subnet").get("SubnetId").asText();
    String group = api.ok(TOKEN_A, "CreateSecurityGroup", json("GroupName", "web", "Description", "d", "VpcId", vpc))
        .get("GroupId").asText();

    // acknowledged means: logged by a majority, and (by default) applied by every reachable node
    long holders = 0;
    for (Node n : cluster.nodes().values())
      if (n.state().securityGroups().containsKey(group)) holders++;
    assertEquals(4, holders, "the acknowledged write is applied on " + holders + " of 4 nodes");

    // crash an AZ node: no graceful leave
    cluster.node("use1-az2").crash(Duration.ofSeconds(20));
    assertEverythingThere(api, vpc, subnet, group);

    // the failure detector sees it within a few seconds (about 3 s with the settings in application.conf)
    awaitTrue(Duration.ofSeconds(8), () -> {
      for (JsonNode m : api.ok(OPERATOR, "DescribeClusterMembers", "").get("Members"))
        if (m.get("NodeName").asText().equals("use1-az2")) return !m.get("Reachable").asBoolean();
      return true; // already removed
    });
    JsonNode az2 = api.ok(TOKEN_A, "DescribeAvailabilityZones", json("ZoneIds", List.of("use1-az2")))
        .get("AvailabilityZones").get(0);
    assertTrue(List.of("impaired", "unavailable").contains(az2.get("State").asText()), az2.toString());

    // writes go on with three of four nodes
    String late = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "192.168.0.0/16")).get("Vpc").get("VpcId").asText();

    // stop everything, start again from the same data directories
    cluster.close();
    cluster = TestClusters.start(dataDir);
    ApiClient restarted = new ApiClient(cluster.apiAddress());
    assertEverythingThere(restarted, vpc, subnet, group);
    assertEquals(1, restarted.ok(TOKEN_B, "DescribeVpcs", json("VpcIds", List.of(late))).get("Vpcs").size());
    // the scenario applied again at start found its accounts and created nothing twice
    assertEquals(0, cluster.initial().created().size());
    assertEquals(2, restarted.ok(TOKEN_A, "DescribeSecurityGroups", "").get("SecurityGroups").size());
  }

  private static void assertEverythingThere(ApiClient api, String vpc, String subnet, String group) {
    assertEquals(1, api.ok(TOKEN_A, "DescribeVpcs", json("VpcIds", List.of(vpc))).get("Vpcs").size());
    JsonNode s = api.ok(TOKEN_A, "DescribeSubnets", json("SubnetIds", List.of(subnet))).get("Subnets").get(0);
    assertEquals("use1-az2", s.get("AvailabilityZoneId").asText());
    assertEquals("web", api.ok(TOKEN_A, "DescribeSecurityGroups", json("GroupIds", List.of(group)))
        .get("SecurityGroups").get(0).get("GroupName").asText());
  }

  private static void awaitTrue(Duration max, java.util.function.BooleanSupplier check) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.getAsBoolean()) return;
      Thread.sleep(200);
    }
    throw new AssertionError("not true within " + max);
  }
}
