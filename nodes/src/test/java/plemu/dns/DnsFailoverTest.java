package plemu.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.dns.DnsResolverTest.addresses;
import static plemu.dns.DnsResolverTest.await;
import static plemu.dns.DnsResolverTest.client;
import static plemu.dns.DnsResolverTest.query;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.OPERATOR;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import plemu.testing.ClusterTestBase;
import plemu.testing.SseReader;

/**
 * A zone leaves an endpoint's regional DNS answer when its NLB node has no healthy target, or when
 * its AZ node fails, and comes back when it recovers; its zonal name keeps answering throughout.
 * Targets are plemu-echo instances, one per zone, cross-zone load balancing off.
 */
class DnsFailoverTest extends ClusterTestBase {
  String providerVpc;
  String tgArn;
  final Map<String, String> providerSubnets = new HashMap<>();
  final Map<String, String> eniHostByZone = new HashMap<>();
  final Map<String, String> instanceByZone = new HashMap<>();
  String regional;
  String zonalAz2;
  String service;
  InetSocketAddress resolver;

  @BeforeAll
  void world() throws Exception {
    providerVpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    for (String az : List.of("use1-az1", "use1-az2"))
      providerSubnets.put(az, api.ok(TOKEN_A, "CreateSubnet", json("VpcId", providerVpc, "CidrBlock",
          "10.0." + az.charAt(7) + ".0/24", "AvailabilityZoneId", az)).get("Subnet").get("SubnetId").asText());
    String lb = api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "failover", "Type", "network", "Scheme", "internal",
        "Subnets", List.copyOf(providerSubnets.values()))).get("LoadBalancers").get(0).get("LoadBalancerArn").asText();
    tgArn = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "echo", "Protocol", "TCP", "Port", 7000, "VpcId", providerVpc,
        "TargetType", "instance", "HealthCheckIntervalSeconds", 5, "HealthCheckTimeoutSeconds", 2,
        "HealthyThresholdCount", 2, "UnhealthyThresholdCount", 2)).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    for (String az : providerSubnets.keySet()) runTarget(az);
    api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lb, "Protocol", "TCP", "Port", 7000,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tgArn))));
    service = api.serviceFor(TOKEN_A, lb, plemu.testing.TestClusters.ACCOUNT_B).get("ServiceName").asText();
    String consumerVpc = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    List<String> subnets = new ArrayList<>();
    for (String az : List.of("use1-az1", "use1-az2"))
      subnets.add(api.ok(TOKEN_B, "CreateSubnet", json("VpcId", consumerVpc, "CidrBlock", "10.0." + az.charAt(7) + ".0/24",
          "AvailabilityZoneId", az)).get("Subnet").get("SubnetId").asText());
    JsonNode endpoint = api.ok(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", consumerVpc,
        "ServiceName", service, "SubnetIds", subnets)).get("VpcEndpoint");
    for (JsonNode eni : api.ok(TOKEN_B, "DescribeNetworkInterfaces", json("NetworkInterfaceIds",
        endpoint.get("NetworkInterfaceIds"))).get("NetworkInterfaces"))
      eniHostByZone.put(eni.get("AvailabilityZoneId").asText(), eni.get("HostAddress").asText());
    regional = endpoint.get("DnsEntries").get(0).get("DnsName").asText();
    String az2Name = null;
    for (JsonNode z : api.ok(TOKEN_B, "DescribeAvailabilityZones", "").get("AvailabilityZones"))
      if (z.get("ZoneId").asText().equals("use1-az2")) az2Name = z.get("ZoneName").asText();
    for (JsonNode entry : endpoint.get("DnsEntries"))
      if (entry.get("DnsName").asText().contains("-" + az2Name + ".")) zonalAz2 = entry.get("DnsName").asText();
    JsonNode dns = api.ok(TOKEN_B, "DescribeVpcs", json("VpcIds", List.of(consumerVpc))).get("Vpcs").get(0).get("DnsResolver");
    resolver = new InetSocketAddress(dns.get("HostAddress").asText(), dns.get("Port").asInt());
  }

  private void runTarget(String az) throws Exception {
    String id = api.ok(TOKEN_A, "RunInstances", json("ImageId", "plemu-echo", "SubnetId", providerSubnets.get(az),
        "MinCount", 1, "MaxCount", 1, "TagSpecifications", List.of(Map.of("ResourceType", "instance",
            "Tags", List.of(Map.of("Key", "plemu:port", "Value", "7000")))))).get("Instances").get(0).get("InstanceId").asText();
    instanceByZone.put(az, id);
    api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets", List.of(Map.of("Id", id))));
  }

  @Test
  void anInterfaceWhoseListenerIsDownLeavesTheRegionalAnswer() throws Exception {
    awaitHealthy(2);
    String vpc = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.7.0.0/16")).get("Vpc").get("VpcId").asText();
    List<String> subnets = new ArrayList<>();
    for (String az : List.of("use1-az1", "use1-az2"))
      subnets.add(api.ok(TOKEN_B, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.7." + az.charAt(7) + ".0/24",
          "AvailabilityZoneId", az)).get("Subnet").get("SubnetId").asText());
    JsonNode e = api.ok(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", vpc,
        "ServiceName", service, "SubnetIds", subnets)).get("VpcEndpoint");
    Map<String, String> hosts = new HashMap<>();
    for (JsonNode eni : api.ok(TOKEN_B, "DescribeNetworkInterfaces", json("NetworkInterfaceIds",
        e.get("NetworkInterfaceIds"))).get("NetworkInterfaces"))
      hosts.put(eni.get("AvailabilityZoneId").asText(), eni.get("HostAddress").asText());
    String name = e.get("DnsEntries").get(0).get("DnsName").asText();
    SimpleResolver r = client(resolver);
    // the endpoint is pending for a moment: take az2's interface address and port first, so its listener cannot bind
    try (java.net.ServerSocket squatter = new java.net.ServerSocket()) {
      squatter.bind(new InetSocketAddress(hosts.get("use1-az2"), 7000));
      Set<String> onlyAz1 = Set.of(hosts.get("use1-az1"));
      Set<String> seen = Set.of();
      for (int i = 0; i < 80 && !seen.equals(onlyAz1); i++) {
        Thread.sleep(250);
        seen = addresses(query(r, name, Type.A));
      }
      assertEquals(onlyAz1, seen, "az2's interface does not listen: only az1 in the regional answer");
    }
    // the listener binds on its next try: az2 comes back
    Set<String> both = new java.util.TreeSet<>(hosts.values());
    Set<String> seen = Set.of();
    for (int i = 0; i < 80 && !seen.equals(both); i++) {
      Thread.sleep(250);
      seen = addresses(query(r, name, Type.A));
    }
    assertEquals(both, seen);
  }

  /** Waits until DescribeTargetHealth shows {@code count} healthy targets. */
  private void awaitHealthy(int count) throws Exception {
    for (int i = 0; i < 120; i++) {
      int healthy = 0;
      for (JsonNode d : api.ok(TOKEN_A, "DescribeTargetHealth", json("TargetGroupArn", tgArn)).get("TargetHealthDescriptions"))
        if (d.get("TargetHealth").get("State").asText().equals("healthy")) healthy++;
      if (healthy == count) return;
      Thread.sleep(250);
    }
    throw new AssertionError(count + " targets did not turn healthy within 30 s");
  }

  /** Waits until the regional name answers exactly {@code zones}' interfaces. */
  private void awaitRegional(SimpleResolver r, Set<String> zones, Duration within) throws Exception {
    Set<String> want = new java.util.TreeSet<>();
    zones.forEach(z -> want.add(eniHostByZone.get(z)));
    long deadline = System.nanoTime() + within.toNanos();
    Set<String> seen = Set.of();
    while (System.nanoTime() < deadline) {
      seen = addresses(query(r, regional, Type.A));
      if (seen.equals(want)) return;
      Thread.sleep(250);
    }
    assertEquals(want, seen, "regional answer within " + within);
  }

  @Test
  void aZoneLeavesTheRegionalAnswerWhenItsTargetsOrItsNodeFailAndComesBack() throws Exception {
    SimpleResolver r = client(resolver);
    await(r, regional, Type.A);
    // both zones' NLB nodes see a healthy target: both in
    awaitHealthy(2);
    awaitRegional(r, Set.of("use1-az1", "use1-az2"), Duration.ofSeconds(30));

    // az2's only target goes away: its NLB node has no healthy target, the zone leaves the answer
    try (SseReader consumer = new SseReader(api.base(), TOKEN_B)) {
      api.ok(TOKEN_A, "TerminateInstances", json("InstanceIds", List.of(instanceByZone.get("use1-az2"))));
      awaitRegional(r, Set.of("use1-az1"), Duration.ofSeconds(20));
      assertEquals(Set.of(eniHostByZone.get("use1-az2")), addresses(query(r, zonalAz2, Type.A)),
          "the zonal name still answers");
      // the endpoint's owner is told, once the answer changed
      assertNotNull(consumer.await(e -> dnsMembership(e, "use1-az1"), Duration.ofSeconds(5)));
      runTarget("use1-az2");
      awaitHealthy(2);
      awaitRegional(r, Set.of("use1-az1", "use1-az2"), Duration.ofSeconds(30));
      assertNotNull(consumer.await(e -> dnsMembership(e, "use1-az1,use1-az2"), Duration.ofSeconds(5)));
    }

    // the AZ node of az2 crashes: unreachable within the failure detector's time, out of the answer
    try (SseReader operator = new SseReader(api.base(), OPERATOR); SseReader provider = new SseReader(api.base(), TOKEN_A)) {
      cluster.node("use1-az2").crash(Duration.ofSeconds(20));
      awaitRegional(r, Set.of("use1-az1"), Duration.ofSeconds(15));
      assertEquals(Set.of(eniHostByZone.get("use1-az2")), addresses(query(r, zonalAz2, Type.A)));
      // the operator sees the node become unreachable, and then come back as a new member
      assertNotNull(operator.await(e -> nodeEvent(e, "use1-az2", "UnreachableMember"), Duration.ofSeconds(5)));
      cluster.restart("use1-az2", Duration.ofSeconds(60));
      assertNotNull(operator.await(e -> nodeEvent(e, "use1-az2", "MemberUp"), Duration.ofSeconds(10)));
      awaitRegional(r, Set.of("use1-az1", "use1-az2"), Duration.ofSeconds(40));
      // an account sees its endpoint's DNS answer change, never the cluster's members
      assertTrue(provider.drain().stream().noneMatch(e -> e.type().equals("NodeMembership")));
    }
  }

  private static boolean dnsMembership(SseReader.Event e, String servingZoneIds) {
    return e.type().equals("DnsMembership")
        && e.data().path("Detail").path("ServingZoneIds").asText().equals(servingZoneIds);
  }

  private static boolean nodeEvent(SseReader.Event e, String node, String event) {
    return e.type().equals("NodeMembership") && e.data().path("Detail").path("NodeName").asText().equals(node)
        && e.data().path("Detail").path("Event").asText().equals(event);
  }
}
