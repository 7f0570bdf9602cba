package plemu.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static plemu.testing.ApiClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;
import plemu.testing.NodeProcess;

/**
 * One node per process, as {@code scripts/plemu node} and {@code local-cluster} run them: a region
 * node and two AZ nodes join through the seed, the region node applies its scenario, and a node
 * killed with SIGKILL loses no acknowledged write and can rejoin from its data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiProcessClusterTest {
  private final List<NodeProcess> nodes = new ArrayList<>();
  private Path dir;

  @AfterAll
  void stopAll() throws Exception {
    for (NodeProcess n : nodes) n.close();
    ClusterTestBase.deleteRecursively(dir);
  }

  @Test
  void nodesInSeparateProcessesFormOneClusterAndSurviveAKill() throws Exception {
    dir = Files.createTempDirectory("plemu-processes");
    Path scenario = dir.resolve("scenario.yaml");
    Files.writeString(scenario, """
        name: processes
        operatorToken: op
        regions:
          - name: us-east-1
            availabilityZones: [ { id: use1-az1 }, { id: use1-az2 } ]
        accounts:
          - { id: "111111111111", token: tok }
        """);
    int seedPort = NodeProcess.freePort();
    int apiPort = NodeProcess.freePort();
    Path data = dir.resolve("data");
    String seed = "127.0.0.1:" + seedPort;
    nodes.add(NodeProcess.start("us-east-1", dir, List.of("--role", "region", "--name", "us-east-1",
        "--region", "us-east-1", "--port", String.valueOf(seedPort), "--seed", seed,
        "--api-port", String.valueOf(apiPort), "--data-dir", data.toString(), "--scenario", scenario.toString())));
    for (String az : List.of("use1-az1", "use1-az2"))
      nodes.add(azNode(az, seed, data));
    ApiClient api = new ApiClient(new InetSocketAddress("127.0.0.1", apiPort));

    await(Duration.ofSeconds(90), () -> upMembers(api) == 3);
    await(Duration.ofSeconds(60), () -> api.call("tok", "DescribeVpcs", "").status() == 200);
    String vpc = api.ok("tok", "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();

    NodeProcess victim = nodes.get(2);
    victim.kill();
    assertEquals(1, api.ok("tok", "DescribeVpcs", json("VpcIds", List.of(vpc))).get("Vpcs").size());
    await(Duration.ofSeconds(20), () -> !reachable(api, "use1-az2"));
    String second = api.ok("tok", "CreateVpc", json("CidrBlock", "10.1.0.0/16")).get("Vpc").get("VpcId").asText();

    // the killed node comes back from its data directory and rejoins (once the old incarnation is downed)
    nodes.set(2, azNode("use1-az2", seed, data));
    await(Duration.ofSeconds(90), () -> upMembers(api) == 3 && reachable(api, "use1-az2"));
    JsonNode vpcs = api.ok("tok", "DescribeVpcs", json("VpcIds", List.of(vpc, second))).get("Vpcs");
    assertEquals(2, vpcs.size());
  }

  private static NodeProcess azNode(String az, String seed, Path data) throws Exception {
    return NodeProcess.start(az, data.getParent(), List.of("--role", "az", "--name", az, "--region", "us-east-1",
        "--az-id", az, "--port", "0", "--seed", seed, "--data-dir", data.toString()));
  }

  private static long upMembers(ApiClient api) {
    ApiClient.Response r = api.call("op", "DescribeClusterMembers", "");
    if (r.status() != 200) return -1;
    long up = 0;
    for (JsonNode m : r.body().get("Members")) if (m.get("Status").asText().equals("Up")) up++;
    return up;
  }

  private static boolean reachable(ApiClient api, String node) {
    for (JsonNode m : api.ok("op", "DescribeClusterMembers", "").get("Members"))
      if (m.get("NodeName").asText().equals(node)) return m.get("Reachable").asBoolean() && m.get("Status").asText().equals("Up");
    return false;
  }

  private void await(Duration max, Supplier<Boolean> check) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (check.get()) return;
      } catch (RuntimeException notYet) {
        // the API may not be listening yet
      }
      Thread.sleep(250);
    }
    StringBuilder logs = new StringBuilder();
    for (NodeProcess n : nodes) logs.append("\n--- ").append(n).append(" ---\n").append(n.log());
    throw new AssertionError("not true within " + max + logs);
  }
}
