package plemu.testing;

import static plemu.testing.ApiClient.json;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An NLB with one node in use1-az1 and a target group of type ip holding one target outside the VPC
 * (an echo server of the test's own on loopback), without listeners: tests add and remove them.
 */
public record NlbInAz1(EchoServer target, String lbArn, String tgArn, String nodeHost) implements AutoCloseable {
  public static NlbInAz1 create(ApiClient api, String token, String name) throws IOException {
    EchoServer target = new EchoServer("127.0.0.1");
    String lbArn = api.nlbInAz1(token, name);
    String vpc = api.ok(token, "DescribeLoadBalancers", json("LoadBalancerArns", List.of(lbArn))).get("LoadBalancers")
        .get(0).get("VpcId").asText();
    String tgArn = api.ok(token, "CreateTargetGroup", json("Name", name, "Protocol", "TCP", "Port", 80, "VpcId", vpc,
        "TargetType", "ip")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    api.ok(token, "RegisterTargets", json("TargetGroupArn", tgArn, "Targets",
        List.of(Map.of("Id", "127.0.0.1", "Port", target.port(), "AvailabilityZone", "all"))));
    String nodeHost = api.ok(token, "DescribeNetworkInterfaces", json("Filters", List.of(Map.of("Name",
        "interface-type", "Values", List.of("network_load_balancer"))))).get("NetworkInterfaces").get(0)
        .get("HostAddress").asText();
    return new NlbInAz1(target, lbArn, tgArn, nodeHost);
  }

  /** CreateListener on {@code port}, forwarding to the target group. */
  public ApiClient.Response createListener(ApiClient api, String token, int port) {
    return api.call(token, "CreateListener", json("LoadBalancerArn", lbArn, "Protocol", "TCP", "Port", port,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tgArn))));
  }

  @Override
  public void close() throws IOException {
    target.close();
  }
}
