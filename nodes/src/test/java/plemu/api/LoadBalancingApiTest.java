package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.api.VpcApiTest.assertError;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;

/** ELBv2 control plane: NLBs with a node (and an ENI with a host address) per subnet, target groups, listeners. */
class LoadBalancingApiTest extends ClusterTestBase {
  String vpc;
  List<String> subnets;

  @BeforeAll
  void network() {
    vpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    subnets = List.of("use1-az1", "use1-az2", "use1-az3").stream().map(az -> api.ok(TOKEN_A, "CreateSubnet",
        json("VpcId", vpc, "CidrBlock", "10.0." + az.charAt(7) + ".0/24", "AvailabilityZoneId", az))
        .get("Subnet").get("SubnetId").asText()).toList();
  }

  private JsonNode createNlb(String name, List<String> subnetIds) {
    return api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", name, "Type", "network", "Scheme", "internal",
        "Subnets", subnetIds)).get("LoadBalancers").get(0);
  }

  @Test
  void anNlbHasANodeWithAnInterfaceInEachSubnet() {
    JsonNode lb = createNlb("web", subnets);
    String arn = lb.get("LoadBalancerArn").asText();
    assertTrue(arn.matches("arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/web/[0-9a-f]{16}"), arn);
    assertTrue(lb.get("DNSName").asText().matches("web-[0-9a-f]{16}\\.elb\\.us-east-1\\.amazonaws\\.com"));
    assertEquals("network", lb.get("Type").asText());
    assertEquals("internal", lb.get("Scheme").asText());
    assertEquals("active", lb.get("State").get("Code").asText());
    assertEquals(3, lb.get("AvailabilityZones").size());

    JsonNode enis = api.ok(TOKEN_A, "DescribeNetworkInterfaces", json("Filters", List.of(
        Map.of("Name", "interface-type", "Values", List.of("network_load_balancer")),
        Map.of("Name", "vpc-id", "Values", List.of(vpc))))).get("NetworkInterfaces");
    assertEquals(3, enis.size());
    Set<String> hostAddresses = new HashSet<>();
    for (JsonNode eni : enis) {
      assertTrue(eni.get("Description").asText().startsWith("ELB net/web/"));
      assertTrue(eni.get("RequesterManaged").asBoolean());
      String host = eni.get("HostAddress").asText();
      assertTrue(host.startsWith("127.") && !host.startsWith("127.0."), host);
      assertTrue(hostAddresses.add(host));
      // the private IP is in the subnet and not one of the five addresses AWS reserves
      String ip = eni.get("PrivateIpAddress").asText();
      int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
      assertTrue(last >= 4 && last <= 254, ip);
    }
    // the subnet has one address less
    JsonNode subnet = api.ok(TOKEN_A, "DescribeSubnets", json("SubnetIds", List.of(subnets.get(0)))).get("Subnets").get(0);
    assertTrue(subnet.get("AvailableIpAddressCount").asInt() < 251, subnet.toString());
    assertError("DependencyViolation", api.call(TOKEN_A, "DeleteSubnet", json("SubnetId", subnets.get(0))));

    assertEquals(lb, api.ok(TOKEN_A, "DescribeLoadBalancers", json("Names", List.of("web"))).get("LoadBalancers").get(0));
    // the same request again is idempotent; different settings under the same name are refused
    assertEquals(arn, createNlb("web", subnets).get("LoadBalancerArn").asText());
    assertError("DuplicateLoadBalancerName", api.call(TOKEN_A, "CreateLoadBalancer", json("Name", "web", "Type", "network",
        "Subnets", subnets.subList(0, 1))));

    api.ok(TOKEN_A, "DeleteLoadBalancer", json("LoadBalancerArn", arn));
    assertError("LoadBalancerNotFound", api.call(TOKEN_A, "DescribeLoadBalancers", json("LoadBalancerArns", List.of(arn))));
    assertEquals(0, api.ok(TOKEN_A, "DescribeNetworkInterfaces", json("Filters", List.of(
        Map.of("Name", "description", "Values", List.of("ELB net/web/*"))))).get("NetworkInterfaces").size());
  }

  @Test
  void subnetMappingsFixTheNodesPrivateIp() {
    JsonNode lb = api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "fixed", "Type", "network", "Scheme", "internal",
        "SubnetMappings", List.of(Map.of("SubnetId", subnets.get(1), "PrivateIPv4Address", "10.0.2.100"))))
        .get("LoadBalancers").get(0);
    assertEquals("10.0.2.100", lb.get("AvailabilityZones").get(0).get("LoadBalancerAddresses").get(0)
        .get("PrivateIPv4Address").asText());
    assertError("InvalidConfigurationRequest", api.call(TOKEN_A, "CreateLoadBalancer", json("Name", "clash", "Type", "network",
        "SubnetMappings", List.of(Map.of("SubnetId", subnets.get(1), "PrivateIPv4Address", "10.0.2.100")))));
    assertError("InvalidConfigurationRequest", api.call(TOKEN_A, "CreateLoadBalancer", json("Name", "reserved",
        "Type", "network", "SubnetMappings", List.of(Map.of("SubnetId", subnets.get(1), "PrivateIPv4Address", "10.0.2.2")))));
    api.ok(TOKEN_A, "DeleteLoadBalancer", json("LoadBalancerArn", lb.get("LoadBalancerArn").asText()));
  }

  @Test
  void loadBalancerErrors() {
    assertError("ValidationError", api.call(TOKEN_A, "CreateLoadBalancer", json("Name", "-bad", "Type", "network",
        "Subnets", subnets)));
    assertError("ValidationError", api.call(TOKEN_A, "CreateLoadBalancer", json("Name", "alb", "Type", "application",
        "Subnets", subnets)));
    assertError("ValidationError", api.call(TOKEN_A, "CreateLoadBalancer", json("Name", "none", "Type", "network")));
    assertError("SubnetNotFound", api.call(TOKEN_A, "CreateLoadBalancer", json("Name", "x", "Type", "network",
        "Subnets", List.of("subnet-0123456789abcdef0"))));
    String second = api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.0.9.0/24",
        "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
    assertError("InvalidConfigurationRequest", api.call(TOKEN_A, "CreateLoadBalancer", json("Name", "twice", "Type", "network",
        "Subnets", List.of(subnets.get(0), second))));
    assertError("SubnetNotFound", api.call(TOKEN_B, "CreateLoadBalancer", json("Name", "theirs", "Type", "network",
        "Subnets", subnets)));
    // ELBv2 words a missing member as its validation error, from the service model
    assertError("ValidationError", api.call(TOKEN_A, "DeleteLoadBalancer", "{}"));
  }

  @Test
  void targetGroupsListenersAndAttributes() {
    JsonNode tg = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "web-tg", "Protocol", "TCP", "Port", 80, "VpcId", vpc,
        "TargetType", "ip")).get("TargetGroups").get(0);
    String tgArn = tg.get("TargetGroupArn").asText();
    assertTrue(tgArn.matches("arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/web-tg/[0-9a-f]{16}"));
    // NLB's health check defaults
    assertEquals("TCP", tg.get("HealthCheckProtocol").asText());
    assertEquals("traffic-port", tg.get("HealthCheckPort").asText());
    assertEquals(30, tg.get("HealthCheckIntervalSeconds").asInt());
    assertEquals(10, tg.get("HealthCheckTimeoutSeconds").asInt());
    assertEquals(5, tg.get("HealthyThresholdCount").asInt());
    assertEquals(2, tg.get("UnhealthyThresholdCount").asInt());

    JsonNode http = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "http-tg", "Protocol", "TCP", "Port", 8080,
        "VpcId", vpc, "TargetType", "ip", "HealthCheckProtocol", "HTTP", "HealthCheckPath", "/health",
        "Matcher", Map.of("HttpCode", "200"))).get("TargetGroups").get(0);
    assertEquals(6, http.get("HealthCheckTimeoutSeconds").asInt());
    assertEquals("200", http.get("Matcher").get("HttpCode").asText());
    assertError("ValidationError", api.call(TOKEN_A, "CreateTargetGroup", json("Name", "bad-hc", "Protocol", "TCP",
        "Port", 80, "VpcId", vpc, "HealthCheckIntervalSeconds", 1)));

    // ModifyTargetGroup: what it leaves out stays; the path and matcher follow the protocol
    JsonNode healthModified = api.ok(TOKEN_A, "ModifyTargetGroup", json("TargetGroupArn", tgArn, "HealthCheckIntervalSeconds", 5,
        "HealthCheckTimeoutSeconds", 2)).get("TargetGroups").get(0);
    assertEquals(5, healthModified.get("HealthCheckIntervalSeconds").asInt());
    assertEquals(2, healthModified.get("HealthCheckTimeoutSeconds").asInt());
    assertEquals(5, healthModified.get("HealthyThresholdCount").asInt(), "unchanged");
    JsonNode toHttp = api.ok(TOKEN_A, "ModifyTargetGroup", json("TargetGroupArn", tgArn, "HealthCheckProtocol", "HTTP"))
        .get("TargetGroups").get(0);
    assertEquals("/", toHttp.get("HealthCheckPath").asText());
    assertEquals("200-399", toHttp.get("Matcher").get("HttpCode").asText());
    assertEquals(5, toHttp.get("HealthCheckIntervalSeconds").asInt());
    assertError("ValidationError", api.call(TOKEN_A, "ModifyTargetGroup", json("TargetGroupArn", tgArn,
        "HealthCheckTimeoutSeconds", 9))); // a timeout longer than the interval
    assertEquals(2, api.ok(TOKEN_A, "DescribeTargetGroups", json("TargetGroupArns", List.of(tgArn))).get("TargetGroups")
        .get(0).get("HealthCheckTimeoutSeconds").asInt(), "a refused change loses nothing");
    JsonNode backToTcp = api.ok(TOKEN_A, "ModifyTargetGroup", json("TargetGroupArn", tgArn, "HealthCheckProtocol", "TCP"))
        .get("TargetGroups").get(0);
    assertTrue(!backToTcp.has("HealthCheckPath") || backToTcp.get("HealthCheckPath").isNull(), backToTcp.toString());
    assertError("TargetGroupNotFound", api.call(TOKEN_B, "ModifyTargetGroup", json("TargetGroupArn", tgArn,
        "HealthCheckIntervalSeconds", 10)));

    String lbArn = createNlb("tcp-lb", subnets).get("LoadBalancerArn").asText();
    JsonNode listener = api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lbArn, "Protocol", "TCP", "Port", 80,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tgArn)))).get("Listeners").get(0);
    String listenerArn = listener.get("ListenerArn").asText();
    assertTrue(listenerArn.startsWith("arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/net/tcp-lb/"));
    assertEquals(tgArn, listener.get("DefaultActions").get(0).get("TargetGroupArn").asText());
    assertError("DuplicateListener", api.call(TOKEN_A, "CreateListener", json("LoadBalancerArn", lbArn, "Protocol", "TCP",
        "Port", 80, "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tgArn)))));
    assertEquals(lbArn, api.ok(TOKEN_A, "DescribeTargetGroups", json("TargetGroupArns", List.of(tgArn)))
        .get("TargetGroups").get(0).get("LoadBalancerArns").get(0).asText());
    assertEquals(1, api.ok(TOKEN_A, "DescribeListeners", json("LoadBalancerArn", lbArn)).get("Listeners").size());
    assertError("ResourceInUse", api.call(TOKEN_A, "DeleteTargetGroup", json("TargetGroupArn", tgArn)));

    // attributes: AWS names, defaults, validation
    assertEquals("350", attribute(api.ok(TOKEN_A, "DescribeListenerAttributes", json("ListenerArn", listenerArn)),
        "tcp.idle_timeout.seconds"));
    api.ok(TOKEN_A, "ModifyListenerAttributes", json("ListenerArn", listenerArn, "Attributes",
        List.of(Map.of("Key", "tcp.idle_timeout.seconds", "Value", "60"))));
    assertError("ValidationError", api.call(TOKEN_A, "ModifyListenerAttributes", json("ListenerArn", listenerArn,
        "Attributes", List.of(Map.of("Key", "tcp.idle_timeout.seconds", "Value", "59")))));
    assertEquals("false", attribute(api.ok(TOKEN_A, "DescribeLoadBalancerAttributes", json("LoadBalancerArn", lbArn)),
        "load_balancing.cross_zone.enabled"));
    JsonNode modified = api.ok(TOKEN_A, "ModifyLoadBalancerAttributes", json("LoadBalancerArn", lbArn, "Attributes",
        List.of(Map.of("Key", "load_balancing.cross_zone.enabled", "Value", "true"))));
    assertEquals("true", attribute(modified, "load_balancing.cross_zone.enabled"));
    assertError("ValidationError", api.call(TOKEN_A, "ModifyLoadBalancerAttributes", json("LoadBalancerArn", lbArn,
        "Attributes", List.of(Map.of("Key", "no.such.key", "Value", "true")))));
    JsonNode tgAttributes = api.ok(TOKEN_A, "ModifyTargetGroupAttributes", json("TargetGroupArn", tgArn, "Attributes", List.of(
        Map.of("Key", "proxy_protocol_v2.enabled", "Value", "true"),
        Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "5"),
        Map.of("Key", "deregistration_delay.connection_termination.enabled", "Value", "true"))));
    assertEquals("true", attribute(tgAttributes, "proxy_protocol_v2.enabled"));
    assertEquals("5", attribute(api.ok(TOKEN_A, "DescribeTargetGroupAttributes", json("TargetGroupArn", tgArn)),
        "deregistration_delay.timeout_seconds"));
    assertError("ValidationError", api.call(TOKEN_A, "ModifyTargetGroupAttributes", json("TargetGroupArn", tgArn,
        "Attributes", List.of(Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "4000")))));

    // targets: inside the VPC by subnet, outside with AvailabilityZone=all
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets", List.of(
        Map.of("Id", "10.0.1.50"), Map.of("Id", "127.0.0.1", "Port", 9000, "AvailabilityZone", "all"))));
    assertError("ValidationError", api.call(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets",
        List.of(Map.of("Id", "192.168.7.7")))));
    assertError("InvalidTarget", api.call(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets",
        List.of(Map.of("Id", "10.0.200.7")))));
    api.ok(TOKEN_A, "DeregisterTargets", json("TargetGroupArn", tgArn, "Targets", List.of(Map.of("Id", "10.0.1.50"))));
    assertError("InvalidTarget", api.call(TOKEN_A, "DeregisterTargets", json("TargetGroupArn", tgArn, "Targets",
        List.of(Map.of("Id", "10.0.1.50")))));

    // another account sees none of it
    assertError("TargetGroupNotFound", api.call(TOKEN_B, "DescribeTargetGroups", json("TargetGroupArns", List.of(tgArn))));
    assertError("LoadBalancerNotFound", api.call(TOKEN_B, "DeleteLoadBalancer", json("LoadBalancerArn", lbArn)));

    api.ok(TOKEN_A, "DeleteListener", json("ListenerArn", listenerArn));
    api.ok(TOKEN_A, "DeleteTargetGroup", json("TargetGroupArn", tgArn));
    api.ok(TOKEN_A, "DeleteLoadBalancer", json("LoadBalancerArn", lbArn));
    assertNotEquals(0, api.ok(TOKEN_A, "DescribeTargetGroups", "").get("TargetGroups").size());
  }

  private static String attribute(JsonNode attributes, String key) {
    for (JsonNode a : attributes.get("Attributes")) if (a.get("Key").asText().equals(key)) return a.get("Value").asText();
    throw new AssertionError("no attribute " + key + " in " + attributes);
  }
}
