package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.dataplane.NlbDataPlaneTest.connect;
import static plemu.dataplane.NlbDataPlaneTest.readN;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.TOKEN_A;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;
import plemu.testing.EchoServer;
import plemu.testing.HealthServer;

/**
 * Health checks from the NLB node, the states DescribeTargetHealth shows, routing to healthy targets
 * only, resetting an unhealthy target's flows, failing open, and draining on deregistration.
 * Targets are processes on two loopback addresses; their health port is separate from their
 * traffic port, so a target can fail its checks while its open flows still work.
 */
class TargetHealthTest extends ClusterTestBase {
  static final int LISTENER = 7300;
  final Map<String, EchoServer> echo = new HashMap<>();      // host -> traffic server
  final Map<String, HealthServer> health = new HashMap<>();  // host -> health responder
  int healthPort;
  String vpc;
  String lbArn;
  String tgArn;
  String nodeHost;

  @BeforeAll
  void world() throws Exception {
    try (HealthServer probe = new HealthServer("127.0.0.1", 0)) {
      healthPort = probe.port();
    }
    for (String host : List.of("127.0.0.1", "127.0.0.2")) echo.put(host, new EchoServer(host));
    vpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    String subnet = api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.0.1.0/24",
        "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
    lbArn = api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "health", "Type", "network", "Scheme", "internal",
        "Subnets", List.of(subnet))).get("LoadBalancers").get(0).get("LoadBalancerArn").asText();
    nodeHost = api.ok(TOKEN_A, "DescribeNetworkInterfaces", "").get("NetworkInterfaces").get(0).get("HostAddress").asText();
    tgArn = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "checked", "Protocol", "TCP", "Port", 80, "VpcId", vpc,
        "TargetType", "ip", "HealthCheckPort", String.valueOf(healthPort), "HealthCheckIntervalSeconds", 5,
        "HealthCheckTimeoutSeconds", 2, "HealthyThresholdCount", 2, "UnhealthyThresholdCount", 2))
        .get("TargetGroups").get(0).get("TargetGroupArn").asText();
    api.ok(TOKEN_A, "ModifyTargetGroupAttributes", json("TargetGroupArn", tgArn, "Attributes", List.of(
        Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "6"),
        Map.of("Key", "deregistration_delay.connection_termination.enabled", "Value", "true"))));
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets", echo.entrySet().stream()
        .map(e -> Map.of("Id", e.getKey(), "Port", e.getValue().port(), "AvailabilityZone", "all")).toList()));
    api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lbArn, "Protocol", "TCP", "Port", LISTENER,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tgArn))));
  }

  @AfterAll
  void stopServers() throws IOException {
    for (EchoServer e : echo.values()) e.close();
    for (HealthServer h : health.values()) if (h != null) h.close();
  }

  private void healthUp(String host) throws IOException {
    if (health.get(host) == null) health.put(host, new HealthServer(host, healthPort));
  }

  private void healthDown(String host) throws IOException {
    HealthServer h = health.put(host, null);
    if (h != null) h.close();
  }

  private Map<String, JsonNode> targetHealth() {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode d : api.ok(TOKEN_A, "DescribeTargetHealth", json("TargetGroupArn", tgArn)).get("TargetHealthDescriptions"))
      out.put(d.get("Target").get("Id").asText(), d.get("TargetHealth"));
    return out;
  }

  private String stateOf(String host) {
    JsonNode h = targetHealth().get(host);
    return h == null ? "absent" : h.get("State").asText();
  }

  static void await(int seconds, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return;
      Thread.sleep(250);
    }
    throw new AssertionError("not within " + seconds + " s: " + what);
  }

  /** Opens a flow through the NLB node and tells which target host took it. */
  private Map.Entry<Socket, String> openFlow() throws Exception {
    Map<String, Integer> before = new HashMap<>();
    echo.forEach((h, e) -> before.put(h, e.peers.size()));
    Socket s = connect(nodeHost, LISTENER);
    s.getOutputStream().write('x');
    assertEquals('x', s.getInputStream().read());
    for (var e : echo.entrySet()) if (e.getValue().peers.size() > before.get(e.getKey())) return Map.entry(s, e.getKey());
    throw new AssertionError("no target saw the flow");
  }

  private Map<String, Integer> spread(int flows) throws Exception {
    Map<String, Integer> count = new HashMap<>();
    for (int i = 0; i < flows; i++) {
      var f = openFlow();
      count.merge(f.getValue(), 1, Integer::sum);
      f.getKey().close();
    }
    return count;
  }

  @Test
  void checksDriveStatesRoutingResetsAndFailOpen() throws Exception {
    healthUp("127.0.0.1");
    healthUp("127.0.0.2");
    await(30, "both targets healthy", () -> stateOf("127.0.0.1").equals("healthy") && stateOf("127.0.0.2").equals("healthy"));

    // an open flow on 127.0.0.2
    Socket onB = null;
    List<Socket> others = new ArrayList<>();
    for (int i = 0; i < 50 && onB == null; i++) {
      var f = openFlow();
      if (f.getValue().equals("127.0.0.2")) onB = f.getKey();
      else others.add(f.getKey());
    }
    assertTrue(onB != null, "no flow landed on 127.0.0.2 in 50 tries");
    for (Socket s : others) s.close();

    // 127.0.0.2 fails its checks: unhealthy, its open flow is reset, new flows avoid it
    healthDown("127.0.0.2");
    await(30, "127.0.0.2 unhealthy", () -> stateOf("127.0.0.2").equals("unhealthy"));
    assertEquals("Target.FailedHealthChecks", targetHealth().get("127.0.0.2").get("Reason").asText());
    final Socket reset = onB;
    IOException e = assertThrows(IOException.class, () -> {
      reset.getOutputStream().write('y');
      if (reset.getInputStream().read() == -1) throw new java.io.EOFException("closed, not reset");
    });
    assertTrue(e instanceof SocketException, "expected a reset, got " + e);
    reset.close();
    assertEquals(Map.of("127.0.0.1", 20), spread(20));

    // none healthy: the node fails open to both
    healthDown("127.0.0.1");
    await(30, "127.0.0.1 unhealthy", () -> stateOf("127.0.0.1").equals("unhealthy"));
    Map<String, Integer> failOpen = spread(40);
    assertEquals(2, failOpen.size(), "fail-open should use every target: " + failOpen);

    // and back
    healthUp("127.0.0.1");
    healthUp("127.0.0.2");
    await(30, "both healthy again", () -> stateOf("127.0.0.1").equals("healthy") && stateOf("127.0.0.2").equals("healthy"));
  }

  @Test
  void deregistrationDrainsThenClosesTheFlows() throws Exception {
    String host = "127.0.0.2";
    healthUp("127.0.0.1");
    healthUp(host);
    await(30, "both targets healthy", () -> stateOf("127.0.0.1").equals("healthy") && stateOf(host).equals("healthy"));
    Socket flow = null;
    List<Socket> others = new ArrayList<>();
    for (int i = 0; i < 50 && flow == null; i++) {
      var f = openFlow();
      if (f.getValue().equals(host)) flow = f.getKey();
      else others.add(f.getKey());
    }
    for (Socket s : others) s.close();
    assertTrue(flow != null);
    int port = echo.get(host).port();
    api.ok(TOKEN_A, "DeregisterTargets", json("TargetGroupArn", tgArn, "Targets", List.of(Map.of("Id", host, "Port", port))));
    assertEquals("draining", stateOf(host));
    assertEquals("Target.DeregistrationInProgress", targetHealth().get(host).get("Reason").asText());
    // new flows go elsewhere once the change has reached the node (AWS too may send a few during propagation)
    await(10, "new flows avoid the draining target", () -> {
      try {
        return spread(10).equals(Map.of("127.0.0.1", 10));
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    });
    // the open flow goes on while draining
    flow.getOutputStream().write("still".getBytes());
    assertArrayEquals("still".getBytes(), readN(flow.getInputStream(), 5));
    // after the 6 s delay, with connection termination on, the flow is closed
    final Socket drained = flow;
    drained.setSoTimeout(15_000);
    assertEquals(-1, drained.getInputStream().read(), "the drained flow should be closed");
    drained.close();
    await(10, "the drained target is gone", () -> stateOf(host).equals("absent"));
    // register it again for other tests
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets",
        List.of(Map.of("Id", host, "Port", port, "AvailabilityZone", "all"))));
  }
}
