package plemu.model;

import java.util.List;
import java.util.Optional;

/**
 * An interface VPC endpoint (consumer side): one network interface per chosen subnet, each pinned
 * to one NLB of the service with a node in that AZ. State names as the API returns them
 * ({@code pendingAcceptance}, {@code available}, ...).
 */
public record VpcEndpoint(
    String vpcEndpointId,
    String ownerId,
    String region,
    String vpcId,
    String serviceId,
    String serviceName,
    String state,
    List<String> securityGroupIds,
    List<Attachment> attachments,
    boolean privateDnsEnabled,
    String dnsSuffix,
    long createdTime,
    List<Tag> tags)
    implements KryoSerializable {
  public VpcEndpoint {
    securityGroupIds = List.copyOf(securityGroupIds);
    attachments = List.copyOf(attachments);
    tags = List.copyOf(tags);
  }

  /** The endpoint's presence in one AZ: its subnet, its network interface, and the NLB it uses there. */
  public record Attachment(String zoneId, String subnetId, String networkInterfaceId, String loadBalancerArn)
      implements KryoSerializable {}

  public VpcEndpoint withState(String newState) {
    return new VpcEndpoint(vpcEndpointId, ownerId, region, vpcId, serviceId, serviceName, newState, securityGroupIds,
        attachments, privateDnsEnabled, dnsSuffix, createdTime, tags);
  }

  public boolean available() {
    return state.equals("available");
  }

  public Optional<Attachment> attachment(String zoneId) {
    return attachments.stream().filter(a -> a.zoneId().equals(zoneId)).findFirst();
  }

  public List<String> subnetIds() {
    return attachments.stream().map(Attachment::subnetId).toList();
  }

  /** {@code arn:aws:ec2:<region>:<owner>:vpc-endpoint/<id>}. */
  public String arn() {
    return "arn:aws:ec2:" + region + ":" + ownerId + ":vpc-endpoint/" + vpcEndpointId;
  }

  /** {@code <vpce id>-<suffix>.<service id>.<region>.vpce.amazonaws.com}; zonal names add {@code -<AZ name>}. */
  public String regionalDnsName() {
    return vpcEndpointId + "-" + dnsSuffix + "." + serviceId + "." + region + ".vpce.amazonaws.com";
  }

  public String zonalDnsName(String zoneName) {
    return vpcEndpointId + "-" + dnsSuffix + "-" + zoneName + "." + serviceId + "." + region + ".vpce.amazonaws.com";
  }
}
