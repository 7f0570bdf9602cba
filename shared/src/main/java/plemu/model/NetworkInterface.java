package plemu.model;

import java.util.List;

/**
 * An elastic network interface: a private IP of a subnet and the real host address it maps to
 * (the only address traffic is ever sent to). {@code interfaceType} as AWS: {@code interface},
 * {@code network_load_balancer}, {@code vpc_endpoint}; {@code attachedTo} is the owning resource.
 */
public record NetworkInterface(
    String networkInterfaceId,
    String ownerId,
    String region,
    String vpcId,
    String subnetId,
    String zoneId,
    int privateIp,
    String hostAddress,
    String interfaceType,
    String description,
    boolean requesterManaged,
    List<String> securityGroupIds,
    String attachedTo)
    implements KryoSerializable {
  public NetworkInterface {
    securityGroupIds = List.copyOf(securityGroupIds);
  }

  public String privateIpAddress() {
    return Ipv4.format(privateIp);
  }
}
