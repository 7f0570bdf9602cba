package plemu.controlplane;

import java.util.List;
import java.util.HashSet;
import java.util.Set;
import plemu.model.Cidr;
import plemu.model.RegionInfo;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.SubnetAddresses;
import plemu.model.Tag;
import plemu.model.Vpc;

/** CreateVpc, DeleteVpc, ModifyVpcAttribute. */
public final class VpcActions {
  private VpcActions() {}

  /** Creates a VPC (DNS support on, DNS hostnames off, as AWS for non-default VPCs) and its default security group. */
  public record CreateVpc(Caller caller, String cidrBlock, List<Tag> tags) implements Mutation {
    @Override
    public Vpc apply(Desired.Builder s, IdSource ids) {
      Lookups.account(s, caller);
      RegionInfo region = Lookups.region(s, caller);
      if (cidrBlock == null || cidrBlock.isEmpty()) throw AwsError.missingParameter("CidrBlock").exception();
      Cidr cidr = Cidrs.parse("cidrBlock", cidrBlock);
      if (!SubnetAddresses.validSubnetPrefix(cidr.prefixLength()))
        throw AwsError.badRequest("InvalidVpc.Range", "The CIDR '" + cidrBlock + "' is invalid.").exception();
      String vpcId = s.newId(Table.VPCS, "vpc", ids);
      Vpc vpc = new Vpc(vpcId, caller.accountId(), caller.region(), cidr, ids.next("vpc-cidr-assoc"), true, false,
          resolverHostAddress(s, ids, region), tags);
      s.put(Table.VPCS, vpcId, vpc);
      String sgId = s.newId(Table.SECURITY_GROUPS, "sg", ids);
      List<SecurityGroupRule> rules = List.of(
          new SecurityGroupRule(ids.next("sgr"), false, "-1", -1, -1, null, sgId, null),
          new SecurityGroupRule(ids.next("sgr"), true, "-1", -1, -1, Cidr.parse("0.0.0.0/0"), null, null));
      s.put(Table.SECURITY_GROUPS, sgId, new SecurityGroup(sgId, caller.accountId(), caller.region(), vpcId,
          "default", "default VPC security group", rules, List.of()));
      return vpc;
    }
  }

  /** Deletes a VPC that has no subnets and no security groups but its default one. */
  public record DeleteVpc(Caller caller, String vpcId) implements Mutation {
    @Override
    public Boolean apply(Desired.Builder s, IdSource ids) {
      Vpc vpc = Owned.VPC.get(s, caller, vpcId);
      // what a VPC holds is its owner's, and rules reference groups of their own account only
      List<SecurityGroup> groups = s.ownedBy(Table.SECURITY_GROUPS, vpc.ownerId());
      boolean hasSubnets = s.ownedBy(Table.SUBNETS, vpc.ownerId()).stream().anyMatch(x -> x.vpcId().equals(vpc.vpcId()));
      boolean hasGroups = groups.stream().anyMatch(g -> g.vpcId().equals(vpc.vpcId()) && !g.groupName().equals("default"));
      boolean referencedFromOutside = groups.stream()
          .filter(g -> !g.vpcId().equals(vpc.vpcId()))
          .flatMap(g -> g.rules().stream())
          .map(r -> s.get(Table.SECURITY_GROUPS, r.referencedGroupId()).orElse(null))
          .anyMatch(ref -> ref != null && ref.vpcId().equals(vpc.vpcId()));
      boolean hasTargetGroups = s.ownedBy(Table.TARGET_GROUPS, vpc.ownerId()).stream()
          .anyMatch(t -> t.vpcId().equals(vpc.vpcId()));
      if (hasSubnets || hasGroups || referencedFromOutside || hasTargetGroups)
        throw AwsError.dependencyViolation("The vpc '" + vpcId + "' has dependencies and cannot be deleted.").exception();
      groups.stream().filter(g -> g.vpcId().equals(vpc.vpcId())).forEach(g -> s.remove(Table.SECURITY_GROUPS, g.groupId()));
      s.remove(Table.VPCS, vpc.vpcId());
      return true;
    }
  }

  /** Changes one of EnableDnsSupport / EnableDnsHostnames (AWS takes exactly one per call). */
  public record ModifyVpcAttribute(Caller caller, String vpcId, Boolean enableDnsSupport, Boolean enableDnsHostnames)
      implements Mutation {
    @Override
    public Boolean apply(Desired.Builder s, IdSource ids) {
      Vpc vpc = Owned.VPC.get(s, caller, vpcId);
      if ((enableDnsSupport == null) == (enableDnsHostnames == null))
        throw AwsError.badRequest("InvalidParameterCombination",
            "Exactly one of EnableDnsSupport and EnableDnsHostnames must be given").exception();
      boolean support = enableDnsSupport != null ? enableDnsSupport : vpc.enableDnsSupport();
      boolean hostnames = enableDnsHostnames != null ? enableDnsHostnames : vpc.enableDnsHostnames();
      if (hostnames && !support)
        throw AwsError.badRequest("InvalidParameterValue",
            "DNS hostnames cannot be enabled while DNS support is disabled for " + vpcId).exception();
      s.put(Table.VPCS, vpcId, vpc.withDns(support, hostnames));
      return true;
    }
  }

  /** A free address of the region's resolver pool for a new VPC's DNS resolver, picked at random. */
  static String resolverHostAddress(Desired.Builder s, IdSource ids, RegionInfo region) {
    Set<String> used = new HashSet<>();
    s.rows(Table.VPCS).values().forEach(v -> used.add(v.resolverHostAddress()));
    return NetworkInterfaces.randomFree(region.resolverPool(), used::contains, ids).orElseThrow(() -> AwsError.badRequest(
        "VpcLimitExceeded", "The resolver address pool " + region.resolverPool() + " of region " + region.name()
            + " is exhausted").exception());
  }
}
