package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.ACCOUNT_B;
import static plemu.testing.TestClusters.OPERATOR;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;
import plemu.testing.EchoServer;
import plemu.testing.SseReader;

/**
 * GET /v1/events read by a real server-sent-events client: connection and state changes of an
 * endpoint reach both its owner and the service's owner, target health reaches only the group's
 * owner, DNS membership the endpoint's owner, node membership only the operator.
 */
class EventsTest extends ClusterTestBase {

  @Test
  void eventsReachTheAccountsTheyConcernAndTheOperator() throws Exception {
    try (SseReader provider = new SseReader(api.base(), TOKEN_A);
         SseReader consumer = new SseReader(api.base(), TOKEN_B);
         SseReader operator = new SseReader(api.base(), OPERATOR);
         SseReader nobody = new SseReader(api.base(), null);
         EchoServer target = new EchoServer("127.0.0.1")) {
      assertEquals(200, provider.status());
      assertEquals(401, nobody.status());
      String vpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
      String subnet = api.ok(TOKEN_A, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.0.1.0/24",
          "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
      String lb = api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "events", "Type", "network", "Scheme", "internal",
          "Subnets", List.of(subnet))).get("LoadBalancers").get(0).get("LoadBalancerArn").asText();
      String tg = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "events", "Protocol", "TCP", "Port", 80, "VpcId", vpc,
          "TargetType", "ip", "HealthCheckIntervalSeconds", 5, "HealthCheckTimeoutSeconds", 2, "HealthyThresholdCount", 2))
          .get("TargetGroups").get(0).get("TargetGroupArn").asText();
      api.ok(TOKEN_A, "RegisterTargets", json("TargetGroupArn", tg, "Targets",
          List.of(Map.of("Id", "127.0.0.1", "Port", target.port(), "AvailabilityZone", "all"))));
      api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lb, "Protocol", "TCP", "Port", 7400,
          "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tg))));
      String service = api.serviceFor(TOKEN_A, lb, ACCOUNT_B).get("ServiceName").asText();
      String consumerVpc = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
      String consumerSubnet = api.ok(TOKEN_B, "CreateSubnet", json("VpcId", consumerVpc, "CidrBlock", "10.0.1.0/24",
          "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
      String endpoint = api.ok(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", consumerVpc,
          "ServiceName", service, "SubnetIds", List.of(consumerSubnet))).get("VpcEndpoint").get("VpcEndpointId").asText();

      Duration within = Duration.ofSeconds(20);
      for (SseReader reader : List.of(provider, consumer, operator)) {
        SseReader.Event connect = reader.await(e -> e.type().equals("VpcEndpointConnection")
            && e.data().path("Detail").path("VpcEndpointId").asText().equals(endpoint), within);
        assertNotNull(connect, "Connect reaches the provider, the consumer and the operator");
        assertEquals("Connect", connect.data().get("Detail").get("ConnectionEvent").asText());
      }
      SseReader.Event available = consumer.await(e -> e.type().equals("VpcEndpointState")
          && e.data().path("Detail").path("State").asText().equals("available"), within);
      assertNotNull(available, "pending -> available after provisioning");
      assertEquals("pending", available.data().get("Detail").get("From").asText());
      assertNotNull(consumer.await(e -> e.type().equals("DnsMembership")
          && e.data().path("Detail").path("VpcEndpointId").asText().equals(endpoint), within), "DNS membership");
      SseReader.Event healthy = provider.await(e -> e.type().equals("TargetHealth")
          && e.data().path("Detail").path("State").asText().equals("healthy"), within);
      assertNotNull(healthy, "the target group's owner sees its target turn healthy");
      assertNotNull(operator.await(e -> e.type().equals("TargetHealth"), within));
      assertTrue(consumer.drain().stream().noneMatch(e -> e.type().equals("TargetHealth") || e.type().equals("NodeMembership")),
          "the consumer does not see the provider's targets nor the cluster");
      api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(endpoint)));
      SseReader.Event deleted = provider.await(e -> e.type().equals("VpcEndpointConnection")
          && e.data().path("Detail").path("ConnectionEvent").asText().equals("Delete"), within);
      assertNotNull(deleted, "Delete reaches the provider");
    }
  }
}
