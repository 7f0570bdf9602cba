package plemu.controlplane;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import plemu.model.EndpointService;
import plemu.model.NetworkInterface;
import plemu.model.SecurityGroup;
import plemu.model.Subnet;
import plemu.model.Tag;
import plemu.model.Vpc;
import plemu.model.VpcEndpoint;

/** CreateVpcEndpoint (interface endpoints), DeleteVpcEndpoints. */
public final class VpcEndpointActions {
  private VpcEndpointActions() {}

  /** AWS's quota of interface endpoints per VPC. */
  static final int MAX_PER_VPC = 50;

  /**
   * Creates an interface endpoint: one network interface per subnet (at most one per AZ, only in AZs
   * where the service has an NLB node), each pinned to one of the service's NLBs in that AZ.
   */
  public record CreateVpcEndpoint(Caller caller, String vpcEndpointType, String vpcId, String serviceName,
      List<String> subnetIds, List<String> securityGroupIds, Boolean privateDnsEnabled, List<Tag> tags,
      boolean provisioned) implements Mutation {
    /**
     * A request as the API makes it: the endpoint starts {@code pendingAcceptance} or {@code pending}
     * and becomes available once provisioned ({@link EndpointConnectionActions.ProvisionVpcEndpoints}).
     */
    public CreateVpcEndpoint(Caller caller, String vpcEndpointType, String vpcId, String serviceName,
        List<String> subnetIds, List<String> securityGroupIds, Boolean privateDnsEnabled, List<Tag> tags) {
      this(caller, vpcEndpointType, vpcId, serviceName, subnetIds, securityGroupIds, privateDnsEnabled, tags, false);
    }

    @Override
    public VpcEndpoint apply(Desired.Builder s, IdSource ids) {
      String type = vpcEndpointType == null ? "Gateway" : vpcEndpointType;
      if (!type.equals("Interface"))
        throw AwsError.badRequest("InvalidParameter", "plemu emulates interface endpoints here: set VpcEndpointType "
            + "to Interface (the API's default is Gateway)").exception();
      Vpc vpc = Owned.VPC.get(s, caller, vpcId);
      if (serviceName == null || serviceName.isEmpty()) throw AwsError.missingParameter("ServiceName").exception();
      EndpointService svc = UsableServices.named(s, caller, serviceName)
          .orElseThrow(() -> AwsError.badRequest("InvalidServiceName",
              "The Vpc Endpoint Service '" + serviceName + "' does not exist").exception());
      if (subnetIds.isEmpty()) throw AwsError.missingParameter("SubnetIds").exception();
      long inVpc = s.idsWhere(Table.VPC_ENDPOINTS_BY_VPC, vpc.vpcId()).size();
      if (inVpc >= MAX_PER_VPC)
        throw AwsError.badRequest("VpcEndpointLimitExceeded", "The maximum number of VPC endpoints (" + MAX_PER_VPC
            + ") has been reached for " + vpc.vpcId()).exception();
      List<Subnet> subnets = new ArrayList<>();
      Set<String> zones = new HashSet<>();
      for (String id : subnetIds) {
        Subnet subnet = Owned.SUBNET.get(s, caller, id);
        if (!subnet.vpcId().equals(vpc.vpcId()))
          throw AwsError.badRequest("InvalidParameter", "The subnet " + id + " is not in " + vpc.vpcId()).exception();
        if (!zones.add(subnet.zoneId()))
          throw AwsError.badRequest("DuplicateSubnetsInSameZone", "Found another VPC endpoint subnet in the availability "
              + "zone of " + id + ". VPC endpoint subnets should be in different availability zones supported by the "
              + "VPC endpoint service.").exception();
        if (!svc.zoneIds().contains(subnet.zoneId()))
          throw AwsError.badRequest("InvalidParameter", "The VPC endpoint service " + serviceName
              + " does not support the availability zone of the subnet: " + id + ".").exception();
        subnets.add(subnet);
      }
      List<String> groups = securityGroupIds.isEmpty() ? List.of(defaultGroup(s, vpc)) : securityGroupIds;
      for (String g : groups) {
        SecurityGroup group = Owned.SECURITY_GROUP.get(s, caller, g);
        if (!group.vpcId().equals(vpc.vpcId()))
          throw AwsError.badRequest("InvalidParameter", "The security group " + g + " is not in " + vpc.vpcId()).exception();
      }
      boolean privateDns = Boolean.TRUE.equals(privateDnsEnabled);
      if (privateDns) checkPrivateDns(s, vpc, svc);
      String endpointId = s.newId(Table.VPC_ENDPOINTS, "vpce", ids);
      List<VpcEndpoint.Attachment> attachments = new ArrayList<>();
      for (Subnet subnet : subnets) {
        List<String> nlbs = svc.networkLoadBalancerArns().stream()
            .filter(arn -> s.get(Table.LOAD_BALANCERS, arn).flatMap(lb -> lb.node(subnet.zoneId())).isPresent())
            .toList();
        // AWS pins each endpoint interface to one NLB of the service in its AZ, chosen at random.
        String nlb = nlbs.get(ids.nextInt(nlbs.size()));
        NetworkInterface eni = NetworkInterfaces.create(s, ids, subnet, new NetworkInterfaces.Spec("vpc_endpoint",
            "VPC Endpoint Interface " + endpointId, true, groups, endpointId), null);
        attachments.add(new VpcEndpoint.Attachment(subnet.zoneId(), subnet.subnetId(), eni.networkInterfaceId(), nlb));
      }
      // a scenario describes a provisioned world: its endpoints need no provisioning time
      String state = svc.acceptanceRequired() ? "pendingAcceptance" : provisioned ? "available" : "pending";
      VpcEndpoint endpoint = new VpcEndpoint(endpointId, caller.accountId(), caller.region(), vpc.vpcId(), svc.serviceId(),
          svc.serviceName(), state, groups, attachments, privateDns,
          privateDns ? svc.verifiedPrivateDnsName().orElseThrow() : null, dnsSuffix(ids), ids.now(), tags);
      s.put(Table.VPC_ENDPOINTS, endpointId, endpoint);
      return endpoint;
    }

    /**
     * Private DNS needs a service with a verified private DNS name, a VPC with DNS support and
     * hostnames, and no other live endpoint of the VPC holding the same name.
     */
    private static void checkPrivateDns(Desired.Builder s, Vpc vpc, EndpointService svc) {
      if (svc.privateDnsName() == null)
        throw AwsError.badRequest("InvalidParameter", "Private DNS can't be enabled because the service "
            + svc.serviceName() + " does not provide a private DNS name.").exception();
      if (svc.verifiedPrivateDnsName().isEmpty())
        throw AwsError.badRequest("InvalidParameter", "Private DNS can't be enabled because the private DNS name "
            + svc.privateDnsName() + " of " + svc.serviceName() + " is not verified (state "
            + svc.privateDnsNameConfiguration().state() + ")").exception();
      if (!vpc.enableDnsSupport() || !vpc.enableDnsHostnames())
        throw AwsError.badRequest("InvalidParameter", "Enabling private DNS requires both enableDnsSupport and "
            + "enableDnsHostnames VPC attributes set to true for " + vpc.vpcId()).exception();
      for (VpcEndpoint other : s.rowsWhere(Table.VPC_ENDPOINTS_BY_VPC, vpc.vpcId())) {
        if (!other.privateDnsEnabled()
            || List.of("rejected", "expired", "failed", "deleting").contains(other.state())) continue;
        EndpointService otherService = s.get(Table.ENDPOINT_SERVICES, other.serviceId()).orElse(null);
        if (other.servedPrivateDnsName(otherService).filter(svc.privateDnsName()::equals).isPresent())
          throw AwsError.badRequest("InvalidParameter", "private-dns-enabled cannot be set because there is already a "
              + "conflicting DNS domain for " + svc.privateDnsName() + " in the VPC " + vpc.vpcId()).exception();
      }
    }

    private static String defaultGroup(Desired.Builder s, Vpc vpc) {
      return s.rowsWhere(Table.SECURITY_GROUPS_BY_VPC, vpc.vpcId()).stream()
          .filter(g -> g.groupName().equals("default"))
          .map(SecurityGroup::groupId).findFirst()
          .orElseThrow(() -> AwsError.badRequest("InvalidParameter", vpc.vpcId() + " has no default security group").exception());
    }

    /** The 8 lowercase letters and digits AWS appends to an endpoint's DNS names. */
    private static String dnsSuffix(IdSource ids) {
      String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
      StringBuilder b = new StringBuilder(8);
      for (int i = 0; i < 8; i++) b.append(alphabet.charAt(ids.nextInt(alphabet.length())));
      return b.toString();
    }
  }

  /**
   * Deletes the caller's endpoints: they are {@code deleting} at once, then gone with their network
   * interfaces; the others are reported.
   */
  public record DeleteVpcEndpoints(Caller caller, List<String> vpcEndpointIds) implements Mutation {
    @Override
    public List<Unsuccessful> apply(Desired.Builder s, IdSource ids) {
      if (vpcEndpointIds.isEmpty()) throw AwsError.missingParameter("VpcEndpointIds").exception();
      List<Unsuccessful> failed = new ArrayList<>();
      for (String id : vpcEndpointIds) {
        VpcEndpoint e;
        try {
          e = Owned.VPC_ENDPOINT.getInBatch(s, caller, id);
        } catch (AwsException refused) {
          failed.add(new Unsuccessful(id, refused.error()));
          continue;
        }
        // deleting: no traffic, no DNS at once; the endpoint and its interfaces go a moment later
        // (EndpointConnectionActions.FinishDeletingVpcEndpoints)
        s.put(Table.VPC_ENDPOINTS, id, e.withState("deleting"));
      }
      return failed;
    }
  }
}
