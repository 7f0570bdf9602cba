package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.dataplane.NlbDataPlaneTest.connect;
import static plemu.dataplane.NlbDataPlaneTest.readN;
import static plemu.testing.ApiClient.assertError;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;

/**
 * Instances running plemu's apps as NLB targets behind an endpoint service: whoami shows who
 * answered and who asked; cross-zone load balancing decides which zones' targets take the flows.
 */
class InstancesAndCrossZoneTest extends ClusterTestBase {
  static final int LISTENER = 8088;
  static final ObjectMapper JSON = new ObjectMapper();
  String providerVpc;
  Map<String, String> providerSubnets = new HashMap<>();
  Map<String, String> instanceByZone = new HashMap<>(); // AZ ID -> instance id
  Map<String, String> nlbNodeByZone = new HashMap<>();  // AZ ID -> host address
  String lbArn;
  String tgArn;
  String vpceId;
  String endpointHost;
  String endpointPrivateIp;

  static String userData(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @BeforeAll
  void world() {
    providerVpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    for (String az : List.of("use1-az1", "use1-az2", "use1-az3"))
      providerSubnets.put(az, api.ok(TOKEN_A, "CreateSubnet", json("VpcId", providerVpc,
          "CidrBlock", "10.0." + az.charAt(7) + ".0/24", "AvailabilityZoneId", az)).get("Subnet").get("SubnetId").asText());
    for (var e : providerSubnets.entrySet()) {
      JsonNode instance = api.ok(TOKEN_A, "RunInstances", json("ImageId", "plemu-whoami", "SubnetId", e.getValue(),
          "MinCount", 1, "MaxCount", 1, "UserData", userData("port=8080\n"))).get("Instances").get(0);
      assertEquals("running", instance.get("State").get("Name").asText());
      instanceByZone.put(e.getKey(), instance.get("InstanceId").asText());
    }
    lbArn = api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "whoami", "Type", "network", "Scheme", "internal",
        "Subnets", List.copyOf(providerSubnets.values()))).get("LoadBalancers").get(0).get("LoadBalancerArn").asText();
    tgArn = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "whoami", "Protocol", "TCP", "Port", 8080,
        "VpcId", providerVpc, "TargetType", "instance")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets",
        instanceByZone.values().stream().map(id -> Map.of("Id", id)).toList()));
    api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lbArn, "Protocol", "TCP", "Port", LISTENER,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tgArn))));
    for (JsonNode eni : api.ok(TOKEN_A, "DescribeNetworkInterfaces", json("Filters", List.of(
        Map.of("Name", "interface-type", "Values", List.of("network_load_balancer"))))).get("NetworkInterfaces"))
      nlbNodeByZone.put(eni.get("AvailabilityZoneId").asText(), eni.get("HostAddress").asText());
    String service = api.serviceFor(TOKEN_A, lbArn, plemu.testing.TestClusters.ACCOUNT_B).get("ServiceName").asText();

    String consumerVpc = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    String subnet = api.ok(TOKEN_B, "CreateSubnet", json("VpcId", consumerVpc, "CidrBlock", "10.0.1.0/24",
        "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
    String sg = api.ok(TOKEN_B, "CreateSecurityGroup", json("GroupName", "clients", "Description", "host clients",
        "VpcId", consumerVpc)).get("GroupId").asText();
    api.ok(TOKEN_B, "AuthorizeSecurityGroupIngress", json("GroupId", sg, "IpProtocol", "tcp", "FromPort", LISTENER,
        "ToPort", LISTENER, "CidrIp", "127.0.0.0/8"));
    JsonNode endpoint = api.ok(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", consumerVpc,
        "ServiceName", service, "SubnetIds", List.of(subnet), "SecurityGroupIds", List.of(sg))).get("VpcEndpoint");
    vpceId = endpoint.get("VpcEndpointId").asText();
    JsonNode eni = api.ok(TOKEN_B, "DescribeNetworkInterfaces", json("NetworkInterfaceIds",
        endpoint.get("NetworkInterfaceIds"))).get("NetworkInterfaces").get(0);
    endpointHost = eni.get("HostAddress").asText();
    endpointPrivateIp = eni.get("PrivateIpAddress").asText();
  }

  /** One HTTP request to whoami through the endpoint; the JSON it answered. */
  JsonNode whoami() throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (true) {
      try (Socket s = connect(endpointHost, LISTENER)) {
        s.getOutputStream().write("GET /who HTTP/1.1\r\nHost: service\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(response.startsWith("HTTP/1.1 200 OK"), response);
        return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
      } catch (java.net.SocketException notYet) {
        // the endpoint is available (and its interface listens) only after the provisioning time (1 s)
        if (System.nanoTime() > deadline) throw notYet;
        Thread.sleep(200);
      }
    }
  }

  @Test
  void whoamiThroughTheEndpointShowsTheNlbNodeOfTheZoneAsPeerAndCrossZoneSpreads() throws Exception {
    JsonNode first = whoami();
    assertEquals("GET /who HTTP/1.1", first.get("request").asText());
    assertEquals(nlbNodeByZone.get("use1-az1"), first.get("peer").asText().split(":")[0]);
    assertEquals("network_load_balancer", first.get("peerInterfaceType").asText());
    assertTrue(first.get("proxyProtocol").isNull());

    // cross-zone off: the endpoint is in use1-az1, so only use1-az1's target answers
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < 30; i++) answered.add(whoami().get("instanceId").asText());
    assertEquals(Set.of(instanceByZone.get("use1-az1")), answered);

    api.ok(TOKEN_A, "ModifyLoadBalancerAttributes", json("LoadBalancerArn", lbArn, "Attributes",
        List.of(Map.of("Key", "load_balancing.cross_zone.enabled", "Value", "true"))));
    Set<String> spread = new HashSet<>();
    long deadline = System.nanoTime() + 15_000_000_000L;
    for (int i = 0; i < 400 && spread.size() < 3 && System.nanoTime() < deadline; i++) spread.add(whoami().get("instanceId").asText());
    assertEquals(Set.copyOf(instanceByZone.values()), spread, "cross-zone on: every zone's target takes flows");
    api.ok(TOKEN_A, "ModifyLoadBalancerAttributes", json("LoadBalancerArn", lbArn, "Attributes",
        List.of(Map.of("Key", "load_balancing.cross_zone.enabled", "Value", "false"))));
  }

  @Test
  void whoamiShowsTheProxyProtocolHeaderWithTheEndpointId() throws Exception {
    api.ok(TOKEN_A, "ModifyTargetGroupAttributes", json("TargetGroupArn", tgArn, "Attributes",
        List.of(Map.of("Key", "proxy_protocol_v2.enabled", "Value", "true"))));
    try {
      JsonNode answer = null;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline) {
        answer = whoami();
        if (!answer.get("proxyProtocol").isNull()) break;
        Thread.sleep(100);
      }
      JsonNode pp = answer.get("proxyProtocol");
      assertEquals(vpceId, pp.get("vpcEndpointId").asText(), answer.toString());
      assertEquals(endpointPrivateIp + ":" + LISTENER, pp.get("destination").asText());
      assertTrue(pp.get("source").asText().startsWith("127.0.0.1:"), pp.toString());
    } finally {
      api.ok(TOKEN_A, "ModifyTargetGroupAttributes", json("TargetGroupArn", tgArn, "Attributes",
          List.of(Map.of("Key", "proxy_protocol_v2.enabled", "Value", "false"))));
      for (String node : nlbNodeByZone.values()) awaitPlainHttp(node);
    }
  }

  /** Waits until whoami, asked through an NLB node directly, no longer sees a Proxy Protocol header. */
  private void awaitPlainHttp(String nlbNode) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket s = connect(nlbNode, LISTENER)) {
        s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (r.contains("\"proxyProtocol\":null")) return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the Proxy Protocol stayed on at " + nlbNode);
  }

  @Test
  void anEchoInstanceAnswersAtItsHostAddressAndStopsWhenTerminated() throws Exception {
    JsonNode echo = api.ok(TOKEN_A, "RunInstances", json("ImageId", "plemu-echo", "SubnetId", providerSubnets.get("use1-az2"),
        "MinCount", 1, "MaxCount", 1, "TagSpecifications", List.of(Map.of("ResourceType", "instance",
            "Tags", List.of(Map.of("Key", "plemu:port", "Value", "7001")))))).get("Instances").get(0);
    String id = echo.get("InstanceId").asText();
    String host = echo.get("PlemuApp").get("HostAddress").asText();
    assertEquals(7001, echo.get("PlemuApp").get("Port").asInt());
    try (Socket s = connect(host, 7001)) {
      s.getOutputStream().write("echo?".getBytes(StandardCharsets.UTF_8));
      assertArrayEquals("echo?".getBytes(StandardCharsets.UTF_8), readN(s.getInputStream(), 5));
    }
    JsonNode terminating = api.ok(TOKEN_A, "TerminateInstances", json("InstanceIds", List.of(id)));
    assertEquals("shutting-down", terminating.get("TerminatingInstances").get(0).get("CurrentState").get("Name").asText());
    assertEquals("terminated", api.ok(TOKEN_A, "DescribeInstances", json("InstanceIds", List.of(id)))
        .get("Reservations").get(0).get("Instances").get(0).get("State").get("Name").asText());
    assertError("InvalidTarget", api.call(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn,
        "Targets", List.of(Map.of("Id", id)))));
  }

  @Test
  void instanceErrors() {
    assertError("InvalidAMIID.NotFound", api.call(TOKEN_A, "RunInstances", json("ImageId", "ami-12345678",
        "SubnetId", providerSubnets.get("use1-az1"), "MinCount", 1, "MaxCount", 1)));
    assertError("InvalidParameterValue", api.call(TOKEN_A, "RunInstances", json("ImageId", "plemu-external",
        "SubnetId", providerSubnets.get("use1-az1"), "MinCount", 1, "MaxCount", 1)));
    assertError("InvalidParameterValue", api.call(TOKEN_A, "RunInstances", json("ImageId", "plemu-external",
        "SubnetId", providerSubnets.get("use1-az1"), "MinCount", 1, "MaxCount", 1, "UserData", userData("target=10.1.2.3:80"))));
    assertError("InvalidInstanceID.NotFound", api.call(TOKEN_A, "TerminateInstances",
        json("InstanceIds", List.of("i-0123456789abcdef0"))));
    assertError("InvalidSubnetID.NotFound", api.call(TOKEN_B, "RunInstances", json("ImageId", "plemu-echo",
        "SubnetId", providerSubnets.get("use1-az1"), "MinCount", 1, "MaxCount", 1)));
  }
}
