package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.TOKEN_A;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;
import plemu.testing.EchoServer;

/**
 * Real TCP through NLB nodes: a client connects to an NLB node's host address and listener port,
 * the node picks a target and connects to it from its own address.
 */
class NlbDataPlaneTest extends ClusterTestBase {
  EchoServer target;
  String vpc;
  String lbArn;
  String tgArn;
  List<String> nodeHosts = new ArrayList<>();
  static final int PORT = 7080;

  @BeforeAll
  void nlbWithAnOnPremisesTarget() throws Exception {
    target = new EchoServer("127.0.0.1");
    vpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    List<String> subnets = new ArrayList<>();
    for (String az : List.of("use1-az1", "use1-az2"))
      subnets.add(api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.0." + az.charAt(7) + ".0/24",
          "AvailabilityZoneId", az)).get("Subnet").get("SubnetId").asText());
    lbArn = api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "dp", "Type", "network", "Scheme", "internal",
        "Subnets", subnets)).get("LoadBalancers").get(0).get("LoadBalancerArn").asText();
    tgArn = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "dp-tg", "Protocol", "TCP", "Port", 80, "VpcId", vpc,
        "TargetType", "ip")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets",
        List.of(Map.of("Id", "127.0.0.1", "Port", target.port(), "AvailabilityZone", "all"))));
    api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lbArn, "Protocol", "TCP", "Port", PORT,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tgArn))));
    for (JsonNode eni : api.ok(TOKEN_A, "DescribeNetworkInterfaces", json("Filters", List.of(
        Map.of("Name", "interface-type", "Values", List.of("network_load_balancer"))))).get("NetworkInterfaces"))
      nodeHosts.add(eni.get("HostAddress").asText());
    assertEquals(2, nodeHosts.size());
    // the API answered CreateListener once every node applied it: both nodes relay at once
    for (String host : nodeHosts) EchoServer.assertEchoesThrough(host, PORT, "NLB node " + host);
  }

  @AfterAll
  void stopTarget() throws IOException {
    if (target != null) target.close();
  }

  /** Connects, retrying while the AZ node has not bound the listener yet (the state reaches it in well under a second). */
  static Socket connect(String host, int port) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 2000);
        s.setSoTimeout(5000);
        return s;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) throw notYet;
        Thread.sleep(100);
      }
    }
  }

  /**
   * Waits until a byte echoes through {@code host:port}: for paths that come back by themselves (a
   * node restarted, a target turned healthy). Right after an answered write no wait is needed.
   */
  static void awaitEcho(String host, int port) throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (true) {
      try (Socket s = connect(host, port)) {
        s.getOutputStream().write('w');
        if (s.getInputStream().read() == 'w') return;
      } catch (SocketException notYet) {
        if (System.nanoTime() > deadline) throw notYet;
      }
      Thread.sleep(200);
    }
  }

  static byte[] readN(InputStream in, int n) throws IOException {
    byte[] out = in.readNBytes(n);
    if (out.length != n) throw new IOException("stream ended after " + out.length + " of " + n + " bytes");
    return out;
  }

  @Test
  void bytesGoThroughEachZonesNodeAndTheTargetSeesTheNodeAsSource() throws Exception {
    for (String host : nodeHosts) {
      int before = target.peers.size();
      try (Socket s = connect(host, PORT)) {
        byte[] message = ("hello through " + host).getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(message);
        assertArrayEquals(message, readN(s.getInputStream(), message.length));
        // half-close: our FIN reaches the target, whose FIN comes back as end of stream
        s.shutdownOutput();
        assertEquals(-1, s.getInputStream().read());
      }
      InetSocketAddress peer = target.peers.get(before);
      assertEquals(host, peer.getAddress().getHostAddress(), "the target sees the NLB node's host address");
    }
  }

  @Test
  void aLargeTransferArrivesIntact() throws Exception {
    byte[] data = new byte[4 * 1024 * 1024];
    new java.util.Random(7).nextBytes(data);
    try (Socket s = connect(nodeHosts.get(0), PORT)) {
      Thread writer = new Thread(() -> {
        try {
          s.getOutputStream().write(data);
          s.shutdownOutput();
        } catch (IOException ignored) {
          // the reader's assertion reports the failure
        }
      });
      writer.start();
      byte[] back = s.getInputStream().readAllBytes();
      writer.join(10_000);
      assertArrayEquals(data, back);
    }
  }

  @Test
  void proxyProtocolV2HeaderComesWithTheFirstData() throws Exception {
    api.ok(TOKEN_A, "ModifyTargetGroupAttributes", json("TargetGroupArn", tgArn, "Attributes",
        List.of(Map.of("Key", "proxy_protocol_v2.enabled", "Value", "true"))));
    try {
      String host = nodeHosts.get(1);
      byte[] header = null;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (header == null && System.nanoTime() < deadline) {
        int before = target.firstReads.size();
        try (Socket s = connect(host, PORT)) {
          s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
          byte[] first = readN(s.getInputStream(), 4);
          if (first[0] == 0x0D) { // the echo of a header: read it all, then the payload
            byte[] rest = readN(s.getInputStream(), 28 - 4 + 4);
            ByteBuffer all = ByteBuffer.allocate(32).put(first).put(rest);
            header = all.array();
          }
          InetSocketAddress client = (InetSocketAddress) s.getLocalSocketAddress();
          if (header != null) {
            // signature, v2 PROXY, TCP over IPv4, 12 address bytes, no TLV for a flow that did not come through an endpoint
            assertArrayEquals(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A},
                java.util.Arrays.copyOfRange(header, 0, 12));
            assertEquals(0x21, header[12] & 0xff);
            assertEquals(0x11, header[13] & 0xff);
            assertEquals(12, ((header[14] & 0xff) << 8) | (header[15] & 0xff));
            assertArrayEquals(client.getAddress().getAddress(), java.util.Arrays.copyOfRange(header, 16, 20));
            assertArrayEquals(java.net.InetAddress.getByName(host).getAddress(), java.util.Arrays.copyOfRange(header, 20, 24));
            assertEquals(client.getPort(), ((header[24] & 0xff) << 8) | (header[25] & 0xff));
            assertEquals(PORT, ((header[26] & 0xff) << 8) | (header[27] & 0xff));
            assertEquals("ping", new String(header, 28, 4, StandardCharsets.UTF_8));
            assertTrue(target.firstReads.size() > before);
          }
        }
        if (header == null) Thread.sleep(100); // the attribute has not reached the AZ node yet
      }
      assertTrue(header != null, "no Proxy Protocol v2 header arrived");
    } finally {
      api.ok(TOKEN_A, "ModifyTargetGroupAttributes", json("TargetGroupArn", tgArn, "Attributes",
          List.of(Map.of("Key", "proxy_protocol_v2.enabled", "Value", "false"))));
      for (String host : nodeHosts) awaitNoHeader(host, PORT);
    }
  }

  /** Waits until the node has the attribute change: the echo of "x" is "x" again, without a header. */
  static void awaitNoHeader(String host, int port) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket s = connect(host, port)) {
        s.getOutputStream().write('x');
        if (s.getInputStream().read() == 'x') return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("proxy protocol stayed on at " + host);
  }

  @Test
  void anExternalInstanceStandsForAProcessOnThisHost() throws Exception {
    // the instance must be in the zone of the NLB node we connect to: cross-zone load balancing is off
    JsonNode node = api.ok(TOKEN_A, "DescribeNetworkInterfaces", json("Filters", List.of(
        Map.of("Name", "interface-type", "Values", List.of("network_load_balancer"))))).get("NetworkInterfaces").get(0);
    String host = node.get("HostAddress").asText();
    String subnet = node.get("SubnetId").asText();
    String userData = java.util.Base64.getEncoder().encodeToString(("target=127.0.0.1:" + target.port()).getBytes());
    JsonNode instance = api.ok(TOKEN_A, "RunInstances", json("ImageId", "plemu-external", "SubnetId", subnet,
        "MinCount", 1, "MaxCount", 1, "UserData", userData)).get("Instances").get(0);
    assertEquals("127.0.0.1:" + target.port(), instance.get("PlemuApp").get("ExternalAddress").asText());
    String tg4 = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "external-tg", "Protocol", "TCP", "Port", target.port(),
        "VpcId", vpc, "TargetType", "instance")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tg4, "Targets",
        List.of(Map.of("Id", instance.get("InstanceId").asText()))));
    String listener = api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lbArn, "Protocol", "TCP", "Port", PORT + 3,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tg4)))).get("Listeners").get(0)
        .get("ListenerArn").asText();
    try {
      // the node may see the listener a moment before the registration (each table replicates on
      // its own, as AWS registration too "can take a few minutes"): retry a reset flow for a while
      int before = -1;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (before < 0) {
        int peers = target.peers.size();
        try (Socket s = connect(host, PORT + 3)) {
          s.getOutputStream().write("external".getBytes(StandardCharsets.UTF_8));
          assertArrayEquals("external".getBytes(StandardCharsets.UTF_8), readN(s.getInputStream(), 8));
          before = peers;
        } catch (SocketException notYet) {
          if (System.nanoTime() > deadline) throw notYet;
          Thread.sleep(200);
        }
      }
      assertEquals(host, target.peers.get(before).getAddress().getHostAddress());
    } finally {
      api.ok(TOKEN_A, "DeleteListener", json("ListenerArn", listener));
      api.ok(TOKEN_A, "TerminateInstances", json("InstanceIds", List.of(instance.get("InstanceId").asText())));
    }
  }

  @Test
  void aTargetThatRefusesTheConnectionResetsTheClient() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closedPort = probe.getLocalPort();
    }
    String tg3 = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "gone-tg", "Protocol", "TCP", "Port", 80,
        "VpcId", vpc, "TargetType", "ip")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tg3, "Targets",
        List.of(Map.of("Id", "127.0.0.1", "Port", closedPort, "AvailabilityZone", "all"))));
    String listener = api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lbArn, "Protocol", "TCP", "Port", PORT + 2,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tg3)))).get("Listeners").get(0)
        .get("ListenerArn").asText();
    try (Socket s = connect(nodeHosts.get(1), PORT + 2)) {
      s.getOutputStream().write(1);
      IOException e = assertThrows(IOException.class, () -> {
        if (s.getInputStream().read() == -1) throw new java.io.EOFException("closed, not reset");
      });
      assertTrue(e instanceof SocketException, "expected a reset, got " + e);
    } finally {
      api.ok(TOKEN_A, "DeleteListener", json("ListenerArn", listener));
    }
  }

  @Test
  void withoutTargetsTheFlowIsResetAndADeletedListenerStopsListening() throws Exception {
    String host = nodeHosts.get(0);
    String tg2 = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "empty-tg", "Protocol", "TCP", "Port", 80,
        "VpcId", vpc, "TargetType", "ip")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    String listener = api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lbArn, "Protocol", "TCP", "Port", PORT + 1,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tg2)))).get("Listeners").get(0)
        .get("ListenerArn").asText();
    try (Socket s = connect(host, PORT + 1)) {
      s.getOutputStream().write(1);
      IOException e = assertThrows(IOException.class, () -> {
        int r = s.getInputStream().read();
        if (r == -1) throw new java.io.EOFException("closed, not reset");
      });
      assertTrue(e instanceof SocketException, "expected a reset, got " + e);
    }
    api.ok(TOKEN_A, "DeleteListener", json("ListenerArn", listener));
    long deadline = System.nanoTime() + 10_000_000_000L;
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, PORT + 1), 1000);
        Thread.sleep(100);
      } catch (java.net.SocketException e) { // refused, or reset while the listener closes
        refused = true;
      }
    }
    assertTrue(refused, "the deleted listener still accepts connections");
  }
}
