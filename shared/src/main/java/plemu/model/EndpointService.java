package plemu.model;

import java.util.List;
import java.util.Optional;

/**
 * A VPC endpoint service (provider side): one or more NLBs behind a service name
 * {@code com.amazonaws.vpce.<region>.<service id>}, available in the AZs (by AZ ID) where its
 * NLBs have nodes. A private DNS name (e.g. {@code api.example.com} or {@code *.example.com}) is
 * usable by consumers once its domain is verified ({@link PrivateDnsNameConfiguration}).
 */
public record EndpointService(
    String serviceId,
    String ownerId,
    String region,
    List<String> networkLoadBalancerArns,
    boolean acceptanceRequired,
    List<String> zoneIds,
    String privateDnsName,
    PrivateDnsNameConfiguration privateDnsNameConfiguration,
    List<AllowedPrincipal> allowedPrincipals,
    long createdTime,
    List<Tag> tags)
    implements KryoSerializable {
  public EndpointService {
    networkLoadBalancerArns = List.copyOf(networkLoadBalancerArns);
    zoneIds = List.copyOf(zoneIds);
    allowedPrincipals = List.copyOf(allowedPrincipals);
    tags = List.copyOf(tags);
  }

  /**
   * The domain-ownership check of a private DNS name, with the API's names: {@code State}
   * ({@code pendingVerification}, {@code verified}, {@code failed}), {@code Type} (TXT), and the
   * record {@code Name} and {@code Value} the provider publishes.
   */
  public record PrivateDnsNameConfiguration(String state, String type, String name, String value)
      implements KryoSerializable {
    public boolean verified() {
      return state.equals("verified");
    }
  }

  /**
   * A principal allowed to create endpoints to the service: an account root, IAM user or role ARN,
   * or {@code *}, with its type as the API reports it ({@code Account}, {@code User}, {@code Role},
   * {@code All}) and the id of the grant.
   */
  public record AllowedPrincipal(String principal, String principalType, String servicePermissionId)
      implements KryoSerializable {}

  /**
   * True when {@code accountId} (an API token stands for its account's root) may see and use the
   * service: its owner, or an account allowed by {@code *} or by its root ARN.
   */
  public boolean allows(String accountId) {
    if (ownerId.equals(accountId)) return true;
    String root = "arn:aws:iam::" + accountId + ":root";
    return allowedPrincipals.stream().anyMatch(p -> p.principal().equals("*") || p.principal().equals(root));
  }

  public EndpointService withAllowedPrincipals(List<AllowedPrincipal> principals) {
    return new EndpointService(serviceId, ownerId, region, networkLoadBalancerArns, acceptanceRequired, zoneIds,
        privateDnsName, privateDnsNameConfiguration, principals, createdTime, tags);
  }

  /** The private DNS name consumers may use: set and verified, else empty. */
  public Optional<String> verifiedPrivateDnsName() {
    return privateDnsName != null && privateDnsNameConfiguration != null && privateDnsNameConfiguration.verified()
        ? Optional.of(privateDnsName) : Optional.empty();
  }

  public EndpointService withPrivateDnsName(String name, PrivateDnsNameConfiguration configuration) {
    return new EndpointService(serviceId, ownerId, region, networkLoadBalancerArns, acceptanceRequired, zoneIds, name,
        configuration, allowedPrincipals, createdTime, tags);
  }

  public EndpointService withLoadBalancers(List<String> arns, List<String> zones) {
    return new EndpointService(serviceId, ownerId, region, arns, acceptanceRequired, zones, privateDnsName,
        privateDnsNameConfiguration, allowedPrincipals, createdTime, tags);
  }

  public EndpointService withAcceptanceRequired(boolean required) {
    return new EndpointService(serviceId, ownerId, region, networkLoadBalancerArns, required, zoneIds, privateDnsName,
        privateDnsNameConfiguration, allowedPrincipals, createdTime, tags);
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
