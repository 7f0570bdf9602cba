package plemu.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.OPERATOR;
import static plemu.testing.TestClusters.TOKEN_A;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;
import plemu.testing.EchoServer;

/**
 * A write is applied whole: once the API answered CreateListener (it waits until every reachable
 * node applied the write), a connection to the NLB node at once finds the listener, its target group
 * and its targets, every time.
 */
class AppliedWritesTest extends ClusterTestBase {
  static final int ROUNDS = 200;
  EchoServer target;
  String lbArn;
  String tgArn;
  String nodeHost;

  @BeforeAll
  void nlbInAz1WithAnOnPremisesTarget() throws Exception {
    target = new EchoServer("127.0.0.1");
    lbArn = api.nlbInAz1(TOKEN_A, "applied");
    String vpc = api.ok(TOKEN_A, "DescribeLoadBalancers", json("LoadBalancerArns", List.of(lbArn))).get("LoadBalancers")
        .get(0).get("VpcId").asText();
    tgArn = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "applied", "Protocol", "TCP", "Port", 80, "VpcId", vpc,
        "TargetType", "ip")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets",
        List.of(Map.of("Id", "127.0.0.1", "Port", target.port(), "AvailabilityZone", "all"))));
    nodeHost = api.ok(TOKEN_A, "DescribeNetworkInterfaces", json("Filters", List.of(Map.of("Name", "interface-type",
        "Values", List.of("network_load_balancer"))))).get("NetworkInterfaces").get(0).get("HostAddress").asText();
  }

  @AfterAll
  void stopTarget() throws IOException {
    if (target != null) target.close();
  }

  @Test
  void aNewListenerServesTheMomentItsCreateIsAnswered() throws Exception {
    String previous = null;
    long lastVersion = 0;
    for (int i = 0; i < ROUNDS; i++) {
      int port = 21000 + i;
      ApiClient.Response created = api.call(TOKEN_A, "CreateListener", json("LoadBalancerArn", lbArn, "Protocol", "TCP",
          "Port", port, "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tgArn))));
      assertEquals(200, created.status(), created.toString());
      assertEquals("all", created.headers().firstValue("X-Plemu-State-Applied").orElse(null), "round " + i);
      assertTrue(created.stateVersion() > lastVersion, "each write has a newer version");
      lastVersion = created.stateVersion();
      assertEchoes(nodeHost, port, "round " + i);
      if (previous != null) api.ok(TOKEN_A, "DeleteListener", json("ListenerArn", previous));
      previous = created.body().get("Listeners").get(0).get("ListenerArn").asText();
    }
  }

  @Test
  void everyNodeReportsTheVersionItApplied() {
    ApiClient.Response r = api.call(TOKEN_A, "CreateTopic", json("Name", "applied-versions"));
    long version = r.stateVersion();
    JsonNode members = api.ok(OPERATOR, "DescribeClusterMembers", "").get("Members");
    assertEquals(4, members.size());
    for (JsonNode m : members)
      assertTrue(m.get("AppliedStateVersion").asLong() >= version, m.toString());
  }

  /** One connection, no retry: it must be accepted and echo at once. */
  static void assertEchoes(String host, int port, String what) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      s.setSoTimeout(5000);
      s.getOutputStream().write('x');
      assertEquals('x', s.getInputStream().read(), what + ": the flow was not relayed");
    }
  }
}
