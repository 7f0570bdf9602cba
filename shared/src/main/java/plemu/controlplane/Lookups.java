package plemu.controlplane;

import plemu.model.Account;
import plemu.model.RegionInfo;
import plemu.model.ResourceIds;
import plemu.model.SecurityGroup;
import plemu.model.Subnet;
import plemu.model.Vpc;

/**
 * Finds a caller's own resources by id. Another account's resource is reported as not found, as
 * AWS does; a malformed id gets the AWS {@code .Malformed} code.
 */
final class Lookups {
  private Lookups() {}

  static Account account(Desired.Builder s, Caller c) {
    return s.get(Table.ACCOUNTS, c.accountId())
        .orElseThrow(() -> new AwsError("AuthFailure", "Unknown account " + c.accountId(), 401).exception());
  }

  static RegionInfo region(Desired.Builder s, Caller c) {
    return s.get(Table.REGIONS, c.region())
        .orElseThrow(() -> AwsError.badRequest("InvalidRegion", "The region '" + c.region() + "' is not emulated").exception());
  }

  static Vpc vpc(Desired.Builder s, Caller c, String vpcId) {
    if (vpcId == null || vpcId.isEmpty()) throw AwsError.missingParameter("VpcId").exception();
    if (!ResourceIds.isWellFormed("vpc", vpcId))
      throw AwsError.badRequest("InvalidVpcID.Malformed", "Invalid id: \"" + vpcId + "\"").exception();
    return s.get(Table.VPCS, vpcId)
        .filter(v -> v.ownerId().equals(c.accountId()) && v.region().equals(c.region()))
        .orElseThrow(() -> AwsError.notFound("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist").exception());
  }

  static Subnet subnet(Desired.Builder s, Caller c, String subnetId) {
    if (subnetId == null || subnetId.isEmpty()) throw AwsError.missingParameter("SubnetId").exception();
    if (!ResourceIds.isWellFormed("subnet", subnetId))
      throw AwsError.badRequest("InvalidSubnetID.Malformed", "Invalid id: \"" + subnetId + "\"").exception();
    return s.get(Table.SUBNETS, subnetId)
        .filter(v -> v.ownerId().equals(c.accountId()) && v.region().equals(c.region()))
        .orElseThrow(() -> AwsError.notFound("InvalidSubnetID.NotFound", "The subnet ID '" + subnetId + "' does not exist").exception());
  }

  static SecurityGroup securityGroup(Desired.Builder s, Caller c, String groupId) {
    if (!ResourceIds.isWellFormed("sg", groupId))
      throw AwsError.badRequest("InvalidGroupId.Malformed", "Invalid id: \"" + groupId + "\" (expecting \"sg-...\")").exception();
    return s.get(Table.SECURITY_GROUPS, groupId)
        .filter(g -> g.ownerId().equals(c.accountId()) && g.region().equals(c.region()))
        .orElseThrow(() -> AwsError.notFound("InvalidGroup.NotFound", "The security group '" + groupId + "' does not exist").exception());
  }
}
