package plemu.model;

import java.util.List;

/**
 * A VPC endpoint service (provider side): one or more NLBs behind a service name
 * {@code com.amazonaws.vpce.<region>.<service id>}, available in the AZs (by AZ ID) where its
 * NLBs have nodes.
 */
public record EndpointService(
    String serviceId,
    String ownerId,
    String region,
    List<String> networkLoadBalancerArns,
    boolean acceptanceRequired,
    List<String> zoneIds,
    long createdTime,
    List<Tag> tags)
    implements KryoSerializable {
  public EndpointService {
    networkLoadBalancerArns = List.copyOf(networkLoadBalancerArns);
    zoneIds = List.copyOf(zoneIds);
    tags = List.copyOf(tags);
  }

  public String serviceName() {
    return "com.amazonaws.vpce." + region + "." + serviceId;
  }

  /** The base DNS name of the service: {@code <service id>.<region>.vpce.amazonaws.com}. */
  public String baseDnsName() {
    return serviceId + "." + region + ".vpce.amazonaws.com";
  }

  public String arn() {
    return "arn:aws:ec2:" + region + ":" + ownerId + ":vpc-endpoint-service/" + serviceId;
  }
}
