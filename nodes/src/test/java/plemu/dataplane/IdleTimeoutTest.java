package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.dataplane.NlbDataPlaneTest.connect;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.TOKEN_A;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import plemu.launcher.EmbeddedCluster;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;
import plemu.testing.EchoServer;
import plemu.testing.TestClusters;

/** A flow idle for the idle timeout (shortened to 2 s here) is reset; an active one is not. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdleTimeoutTest {
  EmbeddedCluster cluster;
  Path dir;
  EchoServer target;

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) cluster.close();
    if (target != null) target.close();
    ClusterTestBase.deleteRecursively(dir);
  }

  @Test
  void anIdleFlowIsResetAnActiveOneIsNot() throws Exception {
    dir = Files.createTempDirectory("plemu-idle");
    var base = ConfigFactory.parseString("plemu.data-plane.idle-timeout-override = 2s")
        .withFallback(ConfigFactory.load("embedded"));
    cluster = EmbeddedCluster.start(TestClusters.scenario(), new EmbeddedCluster.Options(dir, "127.0.0.1", 0, base),
        Duration.ofSeconds(60));
    ApiClient api = new ApiClient(cluster.apiAddress());
    target = new EchoServer("127.0.0.1");
    String vpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    String subnet = api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.0.1.0/24",
        "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
    String lb = api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "idle", "Type", "network", "Subnets", List.of(subnet)))
        .get("LoadBalancers").get(0).get("LoadBalancerArn").asText();
    String tg = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "idle", "Protocol", "TCP", "Port", 80, "VpcId", vpc,
        "TargetType", "ip")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tg, "Targets",
        List.of(Map.of("Id", "127.0.0.1", "Port", target.port(), "AvailabilityZone", "all"))));
    api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lb, "Protocol", "TCP", "Port", 7400,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tg))));
    String node = api.ok(TOKEN_A, "DescribeNetworkInterfaces", "").get("NetworkInterfaces").get(0).get("HostAddress").asText();

    NlbDataPlaneTest.awaitEcho(node, 7400);
    try (Socket active = connect(node, 7400); Socket idle = connect(node, 7400)) {
      idle.getOutputStream().write('a');
      assertEquals('a', idle.getInputStream().read());
      // keep one flow busy for 4 s (twice the timeout) while the other stays silent
      for (int i = 0; i < 8; i++) {
        active.getOutputStream().write('b');
        assertEquals('b', active.getInputStream().read());
        Thread.sleep(500);
      }
      IOException reset = assertThrows(IOException.class, () -> {
        idle.getOutputStream().write('c');
        if (idle.getInputStream().read() == -1) throw new java.io.EOFException("closed, not reset");
      });
      assertTrue(reset instanceof SocketException, "expected a reset, got " + reset);
      active.getOutputStream().write('d');
      assertEquals('d', active.getInputStream().read());
    }
  }
}
