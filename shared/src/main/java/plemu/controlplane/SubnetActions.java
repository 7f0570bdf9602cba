package plemu.controlplane;

import java.util.List;
import plemu.model.Account;
import plemu.model.Cidr;
import plemu.model.RegionInfo;
import plemu.model.Subnet;
import plemu.model.SubnetAddresses;
import plemu.model.Tag;
import plemu.model.Vpc;

/** CreateSubnet, DeleteSubnet. */
public final class SubnetActions {
  private SubnetActions() {}

  /**
   * Creates a subnet inside its VPC's CIDR, /16 to /28, not overlapping another subnet of the VPC,
   * in the AZ named by the caller (AvailabilityZone) or by AZ ID; with neither, AWS picks one.
   */
  public record CreateSubnet(
      Caller caller, String vpcId, String cidrBlock, String availabilityZone, String availabilityZoneId, List<Tag> tags)
      implements Mutation {
    @Override
    public Subnet apply(Desired.Builder s, IdSource ids) {
      Account account = Lookups.account(s, caller);
      RegionInfo region = Lookups.region(s, caller);
      Vpc vpc = Owned.VPC.get(s, caller, vpcId);
      if (cidrBlock == null || cidrBlock.isEmpty()) throw AwsError.missingParameter("CidrBlock").exception();
      Cidr cidr = Cidrs.parse("cidrBlock", cidrBlock);
      if (!vpc.cidr().contains(cidr) || !SubnetAddresses.validSubnetPrefix(cidr.prefixLength()))
        throw AwsError.badRequest("InvalidSubnet.Range", "The CIDR '" + cidrBlock + "' is invalid.").exception();
      s.ownedBy(Table.SUBNETS, vpc.ownerId()).stream()
          .filter(x -> x.vpcId().equals(vpcId) && x.cidr().overlaps(cidr))
          .findFirst()
          .ifPresent(x -> {
            throw AwsError.badRequest("InvalidSubnet.Conflict",
                "The CIDR '" + cidrBlock + "' conflicts with another subnet (" + x.subnetId() + ", " + x.cidr() + ")").exception();
          });
      String zoneId = zoneId(account, region, ids);
      String subnetId = s.newId(Table.SUBNETS, "subnet", ids);
      Subnet subnet = new Subnet(subnetId, caller.accountId(), caller.region(), vpcId, cidr, zoneId, tags);
      s.put(Table.SUBNETS, subnetId, subnet);
      return subnet;
    }

    private String zoneId(Account account, RegionInfo region, IdSource ids) {
      if (availabilityZone != null && availabilityZoneId != null)
        throw AwsError.badRequest("InvalidParameterCombination",
            "Only one of AvailabilityZone and AvailabilityZoneId may be given").exception();
      if (availabilityZone != null) {
        return account.zoneIdOf(region.name(), availabilityZone)
            .filter(id -> region.zone(id).isPresent())
            .orElseThrow(() -> AwsError.invalidValue("availabilityZone", availabilityZone,
                "Subnets can currently only be created in the following availability zones: "
                    + String.join(", ", zoneNames(account, region)) + ".").exception());
      }
      if (availabilityZoneId != null) {
        return region.zone(availabilityZoneId).map(RegionInfo.Zone::zoneId)
            .orElseThrow(() -> AwsError.invalidValue("availabilityZoneId", availabilityZoneId,
                "Subnets can currently only be created in the following availability zones: "
                    + String.join(", ", region.zoneIds()) + ".").exception());
      }
      List<String> all = region.zoneIds();
      if (all.isEmpty())
        throw AwsError.badRequest("InvalidParameterValue", "Region " + region.name() + " has no availability zones").exception();
      return all.get(ids.nextInt(all.size()));
    }

    private static List<String> zoneNames(Account account, RegionInfo region) {
      return account.zoneNames().stream()
          .filter(z -> z.region().equals(region.name()))
          .map(Account.ZoneName::zoneName).sorted().toList();
    }
  }

  /** Deletes a subnet that no network interface uses. */
  public record DeleteSubnet(Caller caller, String subnetId) implements Mutation {
    @Override
    public Boolean apply(Desired.Builder s, IdSource ids) {
      Subnet subnet = Owned.SUBNET.get(s, caller, subnetId);
      if (NetworkInterfaces.inUse(s, subnet) > 0)
        throw AwsError.dependencyViolation("The subnet '" + subnetId + "' has dependencies and cannot be deleted.").exception();
      s.remove(Table.SUBNETS, subnet.subnetId());
      return true;
    }
  }
}
