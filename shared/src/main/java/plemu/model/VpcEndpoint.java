package plemu.model;

import java.util.List;
import java.util.Optional;

/**
 * An interface VPC endpoint (consumer side): one network interface per chosen subnet, each pinned
 * to one NLB of the service with a node in that AZ. State names as the API returns them
 * ({@code pendingAcceptance}, {@code available}, ...). With private DNS on, {@code privateDnsName}
 * is the service's private DNS name as it was last verified while the endpoint existed.
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
    String privateDnsName,
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
        attachments, privateDnsEnabled, privateDnsName, dnsSuffix, createdTime, tags);
  }

  /** The same endpoint holding {@code verifiedName}, the service's newly verified private DNS name. */
  public VpcEndpoint withPrivateDnsName(String verifiedName) {
    return new VpcEndpoint(vpcEndpointId, ownerId, region, vpcId, serviceId, serviceName, state, securityGroupIds,
        attachments, privateDnsEnabled, verifiedName, dnsSuffix, createdTime, tags);
  }

  /**
   * The private DNS name this endpoint answers in its VPC, if any: the service's name while it is
   * verified; while it is not (a later check failed, or the provider set another name not verified
   * yet), the name the endpoint held (AWS: "if the verification status changes, new connection
   * requests are denied but existing connections are not affected"). None once the provider
   * removes the name.
   */
  public Optional<String> servedPrivateDnsName(EndpointService service) {
    if (!privateDnsEnabled || service == null || service.privateDnsName() == null) return Optional.empty();
    if (service.verifiedPrivateDnsName().isPresent()) return service.verifiedPrivateDnsName();
    return Optional.ofNullable(privateDnsName);
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
