package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.assertError;
import static plemu.dataplane.NlbDataPlaneTest.connect;
import static plemu.dataplane.NlbDataPlaneTest.readN;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;
import plemu.testing.EchoServer;

/**
 * PrivateLink end to end: a provider's NLB behind an endpoint service, a consumer's interface
 * endpoint (overlapping VPC CIDR, another account), real TCP from a client to the endpoint's
 * network interface, through the NLB node of the same AZ, to the target.
 */
class EndpointDataPlaneTest extends ClusterTestBase {
  static final int PORT = 7090;
  EchoServer target;
  String tgArn;
  String serviceName;
  String serviceId;
  String consumerVpc;
  Map<String, String> consumerSubnets = new HashMap<>(); // AZ ID -> subnet
  Map<String, String> nlbNodeHostByZone = new HashMap<>();
  String clientsGroup;

  @BeforeAll
  void providerAndConsumer() throws Exception {
    target = new EchoServer("127.0.0.1");
    String vpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    List<String> subnets = new ArrayList<>();
    for (String az : List.of("use1-az1", "use1-az2"))
      subnets.add(api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.0." + az.charAt(7) + ".0/24",
          "AvailabilityZoneId", az)).get("Subnet").get("SubnetId").asText());
    String lb = api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "svc", "Type", "network", "Scheme", "internal",
        "Subnets", subnets)).get("LoadBalancers").get(0).get("LoadBalancerArn").asText();
    tgArn = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "svc-tg", "Protocol", "TCP", "Port", 80, "VpcId", vpc,
        "TargetType", "ip")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets",
        List.of(Map.of("Id", "127.0.0.1", "Port", target.port(), "AvailabilityZone", "all"))));
    api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lb, "Protocol", "TCP", "Port", PORT,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tgArn))));
    for (JsonNode eni : api.ok(TOKEN_A, "DescribeNetworkInterfaces", "").get("NetworkInterfaces"))
      nlbNodeHostByZone.put(eni.get("AvailabilityZoneId").asText(), eni.get("HostAddress").asText());
    JsonNode svc = api.serviceFor(TOKEN_A, lb, plemu.testing.TestClusters.ACCOUNT_B);
    serviceName = svc.get("ServiceName").asText();
    serviceId = svc.get("ServiceId").asText();

    consumerVpc = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    for (String az : List.of("use1-az1", "use1-az2", "use1-az3"))
      consumerSubnets.put(az, api.ok(TOKEN_B, "CreateSubnet", json("VpcId", consumerVpc,
          "CidrBlock", "10.0." + az.charAt(7) + ".0/24", "AvailabilityZoneId", az)).get("Subnet").get("SubnetId").asText());
    clientsGroup = api.ok(TOKEN_B, "CreateSecurityGroup", json("GroupName", "endpoint", "Description", "clients on this host",
        "VpcId", consumerVpc)).get("GroupId").asText();
    api.ok(TOKEN_B, "AuthorizeSecurityGroupIngress", json("GroupId", clientsGroup, "IpProtocol", "tcp",
        "FromPort", PORT, "ToPort", PORT, "CidrIp", "127.0.0.0/8"));
  }

  @AfterAll
  void stopTarget() throws IOException {
    if (target != null) target.close();
  }

  private JsonNode createEndpoint(List<String> subnets, List<String> groups) {
    return api.ok(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", consumerVpc,
        "ServiceName", serviceName, "SubnetIds", subnets, "SecurityGroupIds", groups)).get("VpcEndpoint");
  }

  private Map<String, String[]> endpointInterfaces(JsonNode endpoint) {
    Map<String, String[]> out = new HashMap<>(); // AZ ID -> {host address, private IP}
    JsonNode enis = api.ok(TOKEN_B, "DescribeNetworkInterfaces", json("NetworkInterfaceIds",
        endpoint.get("NetworkInterfaceIds"))).get("NetworkInterfaces");
    for (JsonNode e : enis) {
      assertEquals("vpc_endpoint", e.get("InterfaceType").asText());
      assertEquals("VPC Endpoint Interface " + endpoint.get("VpcEndpointId").asText(), e.get("Description").asText());
      out.put(e.get("AvailabilityZoneId").asText(), new String[] {e.get("HostAddress").asText(), e.get("PrivateIpAddress").asText()});
    }
    return out;
  }

  @Test
  void theConsumerSeesTheServiceInItsOwnAzNamesAndGetsAnAvailableEndpoint() {
    JsonNode details = api.ok(TOKEN_B, "DescribeVpcEndpointServices", json("ServiceNames", List.of(serviceName)));
    JsonNode detail = details.get("ServiceDetails").get(0);
    assertTrue(serviceName.matches("com\\.amazonaws\\.vpce\\.us-east-1\\.vpce-svc-[0-9a-f]{17}"), serviceName);
    assertEquals(List.of("use1-az1", "use1-az2"), List.of(detail.get("AvailabilityZoneIds").get(0).asText(),
        detail.get("AvailabilityZoneIds").get(1).asText()));
    assertEquals("111111111111", detail.get("Owner").asText());
    assertError("InvalidServiceName", api.call(TOKEN_B, "DescribeVpcEndpointServices",
        json("ServiceNames", List.of("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"))));

    JsonNode e = createEndpoint(List.of(consumerSubnets.get("use1-az1"), consumerSubnets.get("use1-az2")), List.of(clientsGroup));
    String id = e.get("VpcEndpointId").asText();
    assertTrue(id.matches("vpce-[0-9a-f]{17}"), id);
    assertEquals("pending", e.get("State").asText(), "auto-accepted: pending until provisioned");
    assertEquals(2, e.get("NetworkInterfaceIds").size());
    JsonNode dns = e.get("DnsEntries");
    assertEquals(3, dns.size());
    assertTrue(dns.get(0).get("DnsName").asText().matches(id + "-[a-z0-9]{8}\\." + serviceId + "\\.us-east-1\\.vpce\\.amazonaws\\.com"));
    assertTrue(dns.get(1).get("DnsName").asText().matches(id + "-[a-z0-9]{8}-us-east-1[a-c]\\." + serviceId + "\\..*"));
    assertEquals("Z7HUB22UULQXV", dns.get(0).get("HostedZoneId").asText());
    assertEquals(e, api.ok(TOKEN_B, "DescribeVpcEndpoints", json("VpcEndpointIds", List.of(id))).get("VpcEndpoints").get(0));
    api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(id)));
  }

  @Test
  void endpointRefusals() {
    assertError("InvalidVpcEndpointId.Malformed", api.call(TOKEN_B, "DescribeVpcEndpoints",
        json("VpcEndpointIds", List.of("vpce-nope"))));
    assertError("InvalidVpcEndpointId.NotFound", api.call(TOKEN_B, "DescribeVpcEndpoints",
        json("VpcEndpointIds", List.of("vpce-0123456789abcdef0"))));
    assertError("InvalidVpcEndpointServiceId.Malformed", api.call(TOKEN_A, "DescribeVpcEndpointServiceConfigurations",
        json("ServiceIds", List.of("svc-1"))));
    assertError("InvalidVpcEndpointServiceId.Malformed", api.call(TOKEN_A, "DescribeVpcEndpointServicePermissions",
        json("ServiceId", "svc-1")));
    assertError("InvalidParameter", api.call(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface",
        "VpcId", consumerVpc, "ServiceName", serviceName, "SubnetIds", List.of(consumerSubnets.get("use1-az3")))));
    String second = api.ok(TOKEN_B, "CreateSubnet", json("VpcId", consumerVpc, "CidrBlock", "10.0.9.0/24",
        "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
    assertError("DuplicateSubnetsInSameZone", api.call(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface",
        "VpcId", consumerVpc, "ServiceName", serviceName, "SubnetIds", List.of(consumerSubnets.get("use1-az1"), second))));
    assertError("InvalidServiceName", api.call(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface",
        "VpcId", consumerVpc, "ServiceName", "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
        "SubnetIds", List.of(consumerSubnets.get("use1-az1")))));
    assertError("InvalidParameter", api.call(TOKEN_B, "CreateVpcEndpoint", json("VpcId", consumerVpc,
        "ServiceName", serviceName, "SubnetIds", List.of(consumerSubnets.get("use1-az1"))))); // default type is Gateway
    JsonNode missing = api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of("vpce-0123456789abcdef0")));
    assertEquals("InvalidVpcEndpoint.NotFound", missing.get("Unsuccessful").get(0).get("Error").get("Code").asText());
    api.ok(TOKEN_B, "DeleteSubnet", json("SubnetId", second));
  }

  @Test
  void bytesFlowThroughEachEndpointInterfaceAndTheNlbNodeOfItsZone() throws Exception {
    JsonNode e = createEndpoint(List.of(consumerSubnets.get("use1-az1"), consumerSubnets.get("use1-az2")), List.of(clientsGroup));
    Map<String, String[]> interfaces = endpointInterfaces(e);
    try {
      for (Map.Entry<String, String[]> eni : interfaces.entrySet()) {
        int before = target.peers.size();
        try (Socket s = connect(eni.getValue()[0], PORT)) {
          byte[] message = ("via " + eni.getKey()).getBytes(StandardCharsets.UTF_8);
          s.getOutputStream().write(message);
          assertArrayEquals(message, readN(s.getInputStream(), message.length));
        }
        assertEquals(nlbNodeHostByZone.get(eni.getKey()), target.peers.get(before).getAddress().getHostAddress(),
            "a flow entering in " + eni.getKey() + " leaves from that zone's NLB node");
      }
      // the provider cannot delete its service while the endpoint is connected
      JsonNode refused = api.ok(TOKEN_A, "DeleteVpcEndpointServiceConfigurations", json("ServiceIds", List.of(serviceId)));
      assertEquals("ExistingVpcEndpointConnections", refused.get("Unsuccessful").get(0).get("Error").get("Code").asText());
    } finally {
      api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(e.get("VpcEndpointId").asText())));
    }
    // a deleted endpoint's listeners go away
    String host = interfaces.get("use1-az1")[0];
    long deadline = System.nanoTime() + 10_000_000_000L;
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, PORT), 1000);
        Thread.sleep(100);
      } catch (java.net.SocketException gone) { // refused, or reset while the listener closes
        refused = true;
      }
    }
    assertTrue(refused, "the deleted endpoint still accepts connections at " + host);
  }

  @Test
  void anOpenFlowEndsWhenTheProviderRejectsTheEndpoint() throws Exception {
    JsonNode e = createEndpoint(List.of(consumerSubnets.get("use1-az1")), List.of(clientsGroup));
    String id = e.get("VpcEndpointId").asText();
    try (Socket s = connect(endpointInterfaces(e).get("use1-az1")[0], PORT)) {
      s.getOutputStream().write("before".getBytes(StandardCharsets.UTF_8));
      assertArrayEquals("before".getBytes(StandardCharsets.UTF_8), readN(s.getInputStream(), 6));
      // an available endpoint may be rejected by the provider: it carries no traffic any more
      api.ok(TOKEN_A, "RejectVpcEndpointConnections", json("ServiceId", serviceId, "VpcEndpointIds", List.of(id)));
      s.setSoTimeout(10_000);
      int read;
      try {
        read = s.getInputStream().read();
      } catch (SocketException reset) {
        read = -1;
      }
      assertEquals(-1, read, "the open flow ends (reset) when the endpoint is rejected");
    } finally {
      api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(id)));
    }
  }

  @Test
  void proxyProtocolV2CarriesTheEndpointId() throws Exception {
    JsonNode e = createEndpoint(List.of(consumerSubnets.get("use1-az2")), List.of(clientsGroup));
    String vpceId = e.get("VpcEndpointId").asText();
    String[] eni = endpointInterfaces(e).get("use1-az2");
    api.ok(TOKEN_A, "ModifyTargetGroupAttributes", json("TargetGroupArn", tgArn, "Attributes",
        List.of(Map.of("Key", "proxy_protocol_v2.enabled", "Value", "true"))));
    try {
      byte[] header = null;
      InetSocketAddress client = null;
      long deadline = System.nanoTime() + 10_000_000_000L;
      int length = 16 + 12 + 3 + 1 + vpceId.length();
      while (header == null && System.nanoTime() < deadline) {
        try (Socket s = connect(eni[0], PORT)) {
          client = (InetSocketAddress) s.getLocalSocketAddress();
          s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
          byte[] first = readN(s.getInputStream(), 4);
          if (first[0] == 0x0D) header = concat(first, readN(s.getInputStream(), length - 4 + 4));
        }
        if (header == null) Thread.sleep(100);
      }
      assertTrue(header != null, "no Proxy Protocol v2 header arrived");
      assertEquals(0x21, header[12] & 0xff);
      assertEquals(0x11, header[13] & 0xff);
      assertEquals(length - 16, ((header[14] & 0xff) << 8) | (header[15] & 0xff));
      // source: the client as the endpoint sees it (a process on this host: its real address)
      assertArrayEquals(client.getAddress().getAddress(), Arrays.copyOfRange(header, 16, 20));
      // destination: the endpoint interface's private IP in the consumer VPC, and the port
      assertArrayEquals(InetAddress.getByName(eni[1]).getAddress(), Arrays.copyOfRange(header, 20, 24));
      assertEquals(client.getPort(), ((header[24] & 0xff) << 8) | (header[25] & 0xff));
      assertEquals(PORT, ((header[26] & 0xff) << 8) | (header[27] & 0xff));
      // TLV: type 0xEA (AWS), length, subtype 0x01 (VPC endpoint id), the id
      assertEquals(0xEA, header[28] & 0xff);
      assertEquals(1 + vpceId.length(), ((header[29] & 0xff) << 8) | (header[30] & 0xff));
      assertEquals(0x01, header[31] & 0xff);
      assertEquals(vpceId, new String(header, 32, vpceId.length(), StandardCharsets.US_ASCII));
      assertEquals("ping", new String(header, length, 4, StandardCharsets.UTF_8));
    } finally {
      api.ok(TOKEN_A, "ModifyTargetGroupAttributes", json("TargetGroupArn", tgArn, "Attributes",
          List.of(Map.of("Key", "proxy_protocol_v2.enabled", "Value", "false"))));
      api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(vpceId)));
      for (String node : nlbNodeHostByZone.values()) NlbDataPlaneTest.awaitNoHeader(node, PORT);
    }
  }

  @Test
  void aSecurityGroupThatDoesNotAdmitTheClientResetsItLogsAndCountsIt() throws Exception {
    // the VPC's default group admits only its own members: a process on the host is not one
    JsonNode e = createEndpoint(List.of(consumerSubnets.get("use1-az1")), List.of());
    try {
      String host = endpointInterfaces(e).get("use1-az1")[0];
      String eni = e.get("NetworkInterfaceIds").get(0).asText();
      int before = target.peers.size();
      int denied = 3;
      LoggingTestKit.info("denied tcp from 127.0.0.1:").withLoggerName("plemu.dataplane.FlowRefusals")
          .withMessageContains(eni).withOccurrences(denied).withCheckExcess(true)
          .expect(cluster.regionNode().system(), () -> {
            try {
              for (int i = 0; i < denied; i++) assertReset(host);
            } catch (Exception failed) {
              throw new AssertionError(failed);
            }
            return null;
          });
      assertEquals(before, target.peers.size(), "a denied flow must not reach the target");
      // the count reaches the API (published about once a second) and is exactly the number of denied flows
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (refused(eni).get("SecurityGroupDenied").asLong() < denied && System.nanoTime() < deadline) Thread.sleep(100);
      JsonNode counts = refused(eni);
      assertEquals(denied, counts.get("SecurityGroupDenied").asLong(), counts.toString());
      assertEquals(0, counts.get("EndpointNotAvailable").asLong() + counts.get("NoTarget").asLong(), counts.toString());
      JsonNode operator = api.ok(plemu.testing.TestClusters.OPERATOR, "DescribeDataPlaneCounters", "")
          .get("NetworkInterfaces");
      JsonNode mine = null;
      for (JsonNode o : operator) if (o.get("NetworkInterfaceId").asText().equals(eni)) mine = o;
      assertTrue(mine != null, "the operator sees the interface's refusals: " + operator);
      assertEquals("use1-az1", mine.get("AvailabilityZoneId").asText());
      assertEquals(counts, mine.get("RefusedFlowCounts"));
    } finally {
      api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(e.get("VpcEndpointId").asText())));
    }
  }

  private JsonNode refused(String eni) {
    return api.ok(TOKEN_B, "DescribeNetworkInterfaces", json("NetworkInterfaceIds", List.of(eni)))
        .get("NetworkInterfaces").get(0).get("RefusedFlowCounts");
  }

  private static void assertReset(String host) throws Exception {
    try (Socket s = connect(host, PORT)) {
      s.getOutputStream().write(1);
      IOException reset = assertThrows(IOException.class, () -> {
        if (s.getInputStream().read() == -1) throw new java.io.EOFException("closed, not reset");
      });
      assertTrue(reset instanceof SocketException, "expected a reset, got " + reset);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
