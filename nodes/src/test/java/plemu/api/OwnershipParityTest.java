package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.ACCOUNT_B;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;
import plemu.testing.TestClusters;

/**
 * For every resource type of the API, the reads and the writes of one resource answer a bad id
 * alike, through the real HTTP API: a malformed id gets the type's malformed code, and account B
 * asking for account A's resource gets the very answer (code and status) of a missing one. Batch
 * deletes report the same per item, with AWS's batch code.
 */
class OwnershipParityTest extends ClusterTestBase {
  private static final String ELB_B = "arn:aws:elasticloadbalancing:us-east-1:" + ACCOUNT_B + ":";
  private static final String SNS_B = "arn:aws:sns:us-east-1:" + ACCOUNT_B + ":";
  private static final String NO_SUBSCRIPTION = ":00000000-0000-0000-0000-000000000000";

  /** One action called with one id. */
  record Probe(String action, Function<String, String> body) {}

  /** One type: account A's resource, ids to probe with, its reads and writes, and the expected codes. */
  record Kind(String name, String id, String malformed, String missing, String malformedCode, String notFoundCode,
      List<Probe> reads, List<Probe> writes, Probe batchDelete, String batchNotFoundCode) {
    @Override
    public String toString() {
      return name;
    }
  }

  private final List<Kind> kinds = new ArrayList<>();

  @BeforeAll
  void createOneOfEachAsAccountA() {
    String subnet = api.subnetInAz1(TOKEN_A);
    String vpc = api.ok(TOKEN_A, "DescribeSubnets", json("SubnetIds", List.of(subnet))).get("Subnets").get(0)
        .get("VpcId").asText();
    String group = api.ok(TOKEN_A, "CreateSecurityGroup", json("GroupName", "web", "Description", "web", "VpcId", vpc))
        .get("GroupId").asText();
    JsonNode instance = api.ok(TOKEN_A, "RunInstances", json("ImageId", "plemu-echo", "SubnetId", subnet,
        "MinCount", 1, "MaxCount", 1)).get("Instances").get(0);
    String lb = api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "parity", "Type", "network", "Scheme", "internal",
        "Subnets", List.of(subnet))).get("LoadBalancers").get(0).get("LoadBalancerArn").asText();
    String tg = api.ok(TOKEN_A, "CreateTargetGroup", json("Name", "parity-tg", "Protocol", "TCP", "Port", 80,
        "VpcId", vpc, "TargetType", "ip")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    String listener = api.ok(TOKEN_A, "CreateListener", json("LoadBalancerArn", lb, "Protocol", "TCP", "Port", 80,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tg)))).get("Listeners").get(0)
        .get("ListenerArn").asText();
    JsonNode svc = api.ok(TOKEN_A, "CreateVpcEndpointServiceConfiguration", json("NetworkLoadBalancerArns", List.of(lb),
        "AcceptanceRequired", false)).get("ServiceConfiguration");
    String service = svc.get("ServiceId").asText();
    String endpoint = api.ok(TOKEN_A, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", vpc,
        "ServiceName", svc.get("ServiceName").asText(), "SubnetIds", List.of(subnet))).get("VpcEndpoint")
        .get("VpcEndpointId").asText();
    String zone = api.ok(TOKEN_A, "CreateHostedZone", json("Name", "parity.example.com", "CallerReference", "parity"))
        .get("HostedZone").get("Id").asText();
    String topic = api.ok(TOKEN_A, "CreateTopic", json("Name", "parity")).get("TopicArn").asText();
    api.ok(TOKEN_A, "SetTopicAttributes", json("TopicArn", topic, "AttributeName", "Policy", "AttributeValue",
        NotificationsTest.policy("arn:aws:ec2:us-east-1:" + TestClusters.ACCOUNT_A + ":vpc-endpoint-service/" + service)));
    String subscription = api.ok(TOKEN_A, "Subscribe", json("TopicArn", topic, "Protocol", "http",
        "Endpoint", "http://127.0.0.1:9/parity")).get("SubscriptionArn").asText();
    String notification = api.ok(TOKEN_A, "CreateVpcEndpointConnectionNotification", json("ServiceId", service,
        "ConnectionNotificationArn", topic, "ConnectionEvents", List.of("Reject"))).get("ConnectionNotification")
        .get("ConnectionNotificationId").asText();

    kinds.add(new Kind("VPC", vpc, "vpc-xyz", "vpc-0123456789abcdef0", "InvalidVpcID.Malformed", "InvalidVpcID.NotFound",
        List.of(ids("DescribeVpcs", "VpcIds"), new Probe("DescribeVpcAttribute",
            id -> json("VpcId", id, "Attribute", "enableDnsSupport"))),
        List.of(one("DeleteVpc", "VpcId"), new Probe("ModifyVpcAttribute", id -> json("VpcId", id,
            "EnableDnsSupport", Map.of("Value", true)))), null, null));
    kinds.add(new Kind("subnet", subnet, "subnet-xyz", "subnet-0123456789abcdef0", "InvalidSubnetID.Malformed",
        "InvalidSubnetID.NotFound", List.of(ids("DescribeSubnets", "SubnetIds")), List.of(one("DeleteSubnet", "SubnetId")),
        null, null));
    kinds.add(new Kind("security group", group, "sg-xyz", "sg-0123456789abcdef0", "InvalidGroupId.Malformed",
        "InvalidGroup.NotFound", List.of(ids("DescribeSecurityGroups", "GroupIds")),
        List.of(one("DeleteSecurityGroup", "GroupId"), new Probe("AuthorizeSecurityGroupIngress", id -> json("GroupId", id,
            "IpProtocol", "tcp", "FromPort", 80, "ToPort", 80, "CidrIp", "10.0.0.0/8"))), null, null));
    // interfaces have no write action of their own: their read alone answers
    kinds.add(new Kind("network interface", instance.get("NetworkInterfaces").get(0).get("NetworkInterfaceId").asText(),
        "eni-xyz", "eni-0123456789abcdef0", "InvalidNetworkInterfaceID.Malformed", "InvalidNetworkInterfaceID.NotFound",
        List.of(ids("DescribeNetworkInterfaces", "NetworkInterfaceIds")), List.of(), null, null));
    kinds.add(new Kind("instance", instance.get("InstanceId").asText(), "i-xyz", "i-0123456789abcdef0",
        "InvalidInstanceID.Malformed", "InvalidInstanceID.NotFound", List.of(ids("DescribeInstances", "InstanceIds")),
        List.of(ids("TerminateInstances", "InstanceIds")), null, null));
    kinds.add(new Kind("load balancer", lb, "parity", ELB_B + "loadbalancer/net/gone/0123456789abcdef", "ValidationError",
        "LoadBalancerNotFound", List.of(ids("DescribeLoadBalancers", "LoadBalancerArns"),
            one("DescribeLoadBalancerAttributes", "LoadBalancerArn"), one("DescribeListeners", "LoadBalancerArn")),
        List.of(one("DeleteLoadBalancer", "LoadBalancerArn"), new Probe("ModifyLoadBalancerAttributes", id -> json(
            "LoadBalancerArn", id, "Attributes", List.of(Map.of("Key", "deletion_protection.enabled", "Value", "true"))))),
        null, null));
    kinds.add(new Kind("target group", tg, lb, ELB_B + "targetgroup/gone/0123456789abcdef", "ValidationError",
        "TargetGroupNotFound", List.of(ids("DescribeTargetGroups", "TargetGroupArns"),
            one("DescribeTargetGroupAttributes", "TargetGroupArn"), one("DescribeTargetHealth", "TargetGroupArn")),
        List.of(one("DeleteTargetGroup", "TargetGroupArn"), new Probe("RegisterTargets", id -> json("TargetGroupArn", id,
            "Targets", List.of(Map.of("Id", "10.0.1.9"))))), null, null));
    kinds.add(new Kind("listener", listener, lb, ELB_B + "listener/net/gone/0123456789abcdef/0123456789abcdef",
        "ValidationError", "ListenerNotFound", List.of(ids("DescribeListeners", "ListenerArns"),
            one("DescribeListenerAttributes", "ListenerArn")), List.of(one("DeleteListener", "ListenerArn")), null, null));
    kinds.add(new Kind("endpoint service", service, "vpce-svc-xyz", "vpce-svc-0123456789abcdef0",
        "InvalidVpcEndpointServiceId.Malformed", "InvalidVpcEndpointServiceId.NotFound",
        List.of(ids("DescribeVpcEndpointServiceConfigurations", "ServiceIds"),
            one("DescribeVpcEndpointServicePermissions", "ServiceId")),
        List.of(new Probe("ModifyVpcEndpointServiceConfiguration", id -> json("ServiceId", id, "AcceptanceRequired", true)),
            new Probe("ModifyVpcEndpointServicePermissions", id -> json("ServiceId", id, "AddAllowedPrincipals",
                List.of("*"))), new Probe("AcceptVpcEndpointConnections", id -> json("ServiceId", id, "VpcEndpointIds",
                List.of(endpoint)))),
        ids("DeleteVpcEndpointServiceConfigurations", "ServiceIds"), "InvalidVpcEndpointService.NotFound"));
    kinds.add(new Kind("endpoint", endpoint, "vpce-xyz", "vpce-0123456789abcdef0", "InvalidVpcEndpointId.Malformed",
        "InvalidVpcEndpointId.NotFound", List.of(ids("DescribeVpcEndpoints", "VpcEndpointIds")),
        List.of(new Probe("CreateVpcEndpointConnectionNotification", id -> json("VpcEndpointId", id,
            "ConnectionNotificationArn", SNS_B + "gone", "ConnectionEvents", List.of("Accept")))),
        ids("DeleteVpcEndpoints", "VpcEndpointIds"), "InvalidVpcEndpoint.NotFound"));
    kinds.add(new Kind("connection notification", notification, "vpce-nfn-xyz", "vpce-nfn-0123456789abcdef0",
        "InvalidConnectionNotification", "InvalidConnectionNotification",
        List.of(one("DescribeVpcEndpointConnectionNotifications", "ConnectionNotificationId")),
        List.of(new Probe("ModifyVpcEndpointConnectionNotification", id -> json("ConnectionNotificationId", id,
            "ConnectionEvents", List.of("Accept")))),
        ids("DeleteVpcEndpointConnectionNotifications", "ConnectionNotificationIds"), "InvalidConnectionNotification"));
    // Route 53 has no malformed code of its own: a bad id is a zone that does not exist
    Map<String, Object> record = Map.of("Name", "www.parity.example.com", "Type", "A", "TTL", 60,
        "ResourceRecords", List.of(Map.of("Value", "10.0.0.1")));
    Map<String, Object> batch = Map.of("Changes", List.of(Map.of("Action", "CREATE", "ResourceRecordSet", record)));
    kinds.add(new Kind("hosted zone", zone, "not a zone", "/hostedzone/Z0000000000000000000A", "NoSuchHostedZone",
        "NoSuchHostedZone", List.of(one("GetHostedZone", "Id"), one("ListResourceRecordSets", "HostedZoneId")),
        List.of(one("DeleteHostedZone", "Id"),
            new Probe("ChangeResourceRecordSets", id -> json("HostedZoneId", id, "ChangeBatch", batch))), null, null));
    kinds.add(new Kind("topic", topic, "parity", SNS_B + "gone", "InvalidParameter", "NotFound",
        List.of(one("GetTopicAttributes", "TopicArn"), one("ListSubscriptionsByTopic", "TopicArn")),
        List.of(one("DeleteTopic", "TopicArn"), new Probe("Subscribe", id -> json("TopicArn", id, "Protocol", "http",
            "Endpoint", "http://127.0.0.1:9/b")), new Probe("SetTopicAttributes", id -> json("TopicArn", id,
            "AttributeName", "DisplayName", "AttributeValue", "b"))), null, null));
    kinds.add(new Kind("subscription", subscription, "parity", SNS_B + "gone" + NO_SUBSCRIPTION, "InvalidParameter",
        "NotFound", List.of(one("GetSubscriptionAttributes", "SubscriptionArn")), List.of(one("Unsubscribe",
        "SubscriptionArn")), null, null));
  }

  Stream<Kind> kinds() {
    return kinds.stream();
  }

  private static Probe one(String action, String parameter) {
    return new Probe(action, id -> json(parameter, id));
  }

  private static Probe ids(String action, String parameter) {
    return new Probe(action, id -> json(parameter, List.of(id)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theOwnerReadsItsResource(Kind k) {
    for (Probe read : k.reads()) api.ok(TOKEN_A, read.action(), read.body().apply(k.id()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readsAndWritesAnswerAMalformedIdAlike(Kind k) {
    assertAllAnswer(k, k.malformed(), k.malformedCode());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void anotherAccountsResourceIsAnsweredAsAMissingOneByReadsAndWrites(Kind k) {
    ApiClient.Response missing = assertAllAnswer(k, k.missing(), k.notFoundCode());
    ApiClient.Response foreign = assertAllAnswer(k, k.id(), k.notFoundCode());
    assertEquals(missing.status(), foreign.status());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void batchDeletesReportEachIdAsTheLookupsDo(Kind k) {
    if (k.batchDelete() == null) return;
    assertEquals(k.malformedCode(), unsuccessful(k, k.malformed()));
    assertEquals(k.batchNotFoundCode(), unsuccessful(k, k.missing()));
    assertEquals(k.batchNotFoundCode(), unsuccessful(k, k.id()));
  }

  /** Every read and write of {@code k}, as account B with {@code id}: all refused with {@code code} and one status. */
  private ApiClient.Response assertAllAnswer(Kind k, String id, String code) {
    ApiClient.Response first = null;
    for (Probe p : Stream.concat(k.reads().stream(), k.writes().stream()).toList()) {
      ApiClient.Response r = api.call(TOKEN_B, p.action(), p.body().apply(id));
      ApiClient.assertError(code, r);
      if (first == null) first = r;
      assertEquals(first.status(), r.status(), () -> p.action() + " " + id + " -> " + r);
    }
    return first;
  }

  private String unsuccessful(Kind k, String id) {
    JsonNode items = api.ok(TOKEN_B, k.batchDelete().action(), k.batchDelete().body().apply(id)).get("Unsuccessful");
    assertEquals(1, items.size(), items::toString);
    return items.get(0).get("Error").get("Code").asText();
  }
}
