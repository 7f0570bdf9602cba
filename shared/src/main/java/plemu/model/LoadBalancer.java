package plemu.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Network Load Balancer: one node per enabled subnet (at most one per AZ), each with an ENI in
 * that subnet. Attributes are kept as AWS names them ({@code load_balancing.cross_zone.enabled}).
 */
public record LoadBalancer(
    String loadBalancerArn,
    String name,
    String ownerId,
    String region,
    String vpcId,
    String scheme,
    List<Node> nodes,
    List<String> securityGroupIds,
    Map<String, String> attributes,
    long createdTime,
    List<Tag> tags)
    implements KryoSerializable {
  public LoadBalancer {
    nodes = List.copyOf(nodes);
    securityGroupIds = List.copyOf(securityGroupIds);
    attributes = Map.copyOf(attributes);
    tags = List.copyOf(tags);
  }

  /** The NLB node of one AZ: its subnet and its network interface. */
  public record Node(String zoneId, String subnetId, String networkInterfaceId) implements KryoSerializable {}

  public static final Map<String, String> DEFAULT_ATTRIBUTES = Map.of(
      "load_balancing.cross_zone.enabled", "false",
      "deletion_protection.enabled", "false",
      "dns_record.client_routing_policy", "any_availability_zone");

  /** The last part of the ARN: {@code net/<name>/<16 hex>}. */
  public String arnSuffix() {
    return loadBalancerArn.substring(loadBalancerArn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
  }

  public String dnsName() {
    return name + "-" + loadBalancerArn.substring(loadBalancerArn.lastIndexOf('/') + 1) + ".elb." + region + ".amazonaws.com";
  }

  public boolean crossZoneEnabled() {
    return Boolean.parseBoolean(attributes.getOrDefault("load_balancing.cross_zone.enabled", "false"));
  }

  public Optional<Node> node(String zoneId) {
    return nodes.stream().filter(n -> n.zoneId().equals(zoneId)).findFirst();
  }

  public LoadBalancer withAttributes(Map<String, String> newAttributes) {
    return new LoadBalancer(loadBalancerArn, name, ownerId, region, vpcId, scheme, nodes, securityGroupIds,
        newAttributes, createdTime, tags);
  }
}
