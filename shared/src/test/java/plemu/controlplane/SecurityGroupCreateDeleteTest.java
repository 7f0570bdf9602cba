package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.A;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.CB;
import static plemu.controlplane.Fixtures.REGION;
import static plemu.controlplane.Fixtures.UNKNOWN_GROUP;
import static plemu.controlplane.Fixtures.assertMessageContains;
import static plemu.controlplane.Fixtures.createGroup;
import static plemu.controlplane.Fixtures.createVpc;
import static plemu.controlplane.Fixtures.defaultGroup;
import static plemu.controlplane.Fixtures.ok;
import static plemu.controlplane.Fixtures.refused;

import java.util.List;
import org.junit.jupiter.api.Test;
import plemu.model.Cidr;
import plemu.model.ResourceIds;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.Tag;
import plemu.model.Vpc;

/**
 * CreateSecurityGroup and DeleteSecurityGroup: a new group has only the default egress rule, names
 * are unique per VPC and checked ("default" is reserved), a group is deleted by id or by an
 * unambiguous name of the caller's, the default group cannot be deleted, and another account's
 * group is not found by any action. Deletion blocked by a reference is in
 * {@link SecurityGroupReferencesTest}.
 */
class SecurityGroupCreateDeleteTest extends SecurityGroupFixture {

  // ---- CreateSecurityGroup ----

  @Test
  void createSecurityGroupHasOnlyTheDefaultEgressRule() {
    Desired before = b.build();
    List<Tag> tags = List.of(new Tag("team", "blue"));
    SecurityGroup g = ok(b, ids, new SecurityGroupActions.CreateSecurityGroup(CA, vpc.vpcId(), "db", "database", tags));

    assertTrue(ResourceIds.isWellFormed("sg", g.groupId()), g.groupId());
    assertEquals("db", g.groupName());
    assertEquals("database", g.description());
    assertEquals(vpc.vpcId(), g.vpcId());
    assertEquals(A, g.ownerId());
    assertEquals(REGION, g.region());
    assertEquals(tags, g.tags());
    assertEquals(List.of(), g.ingress());
    assertEquals(1, g.egress().size());
    SecurityGroupRule out = g.egress().get(0);
    assertEquals("-1", out.ipProtocol());
    assertEquals(-1, out.fromPort());
    assertEquals(-1, out.toPort());
    assertEquals(Cidr.parse("0.0.0.0/0"), out.cidr());
    assertTrue(ResourceIds.isWellFormed("sgr", out.ruleId()));
    assertEquals(List.of(new Desired.Change(Table.SECURITY_GROUPS, g.groupId(), g)), b.build().changes(before));
  }

  @Test
  void groupNamesAreUniquePerVpc() {
    AwsError e = refused("InvalidGroup.Duplicate", b, ids,
        new SecurityGroupActions.CreateSecurityGroup(CA, vpc.vpcId(), "web", "again", List.of()));
    assertMessageContains(e, "web", vpc.vpcId());

    Vpc other = createVpc(b, ids, CA, "10.1.0.0/16");
    SecurityGroup g = createGroup(b, ids, CA, other.vpcId(), "web");
    assertNotEquals(web.groupId(), g.groupId());
  }

  @Test
  void defaultIsAReservedName() {
    refused("InvalidGroup.Reserved", b, ids,
        new SecurityGroupActions.CreateSecurityGroup(CA, vpc.vpcId(), "default", "mine", List.of()));
  }

  @Test
  void groupNameChecks() {
    refused("InvalidParameterValue", b, ids,
        new SecurityGroupActions.CreateSecurityGroup(CA, vpc.vpcId(), "sg-web", "d", List.of()));
    refused("InvalidParameterValue", b, ids,
        new SecurityGroupActions.CreateSecurityGroup(CA, vpc.vpcId(), "x".repeat(256), "d", List.of()));
    ok(b, ids, new SecurityGroupActions.CreateSecurityGroup(CA, vpc.vpcId(), "x".repeat(255), "d", List.of()));
  }

  @Test
  void nameAndDescriptionAreRequired() {
    refused("MissingParameter", b, ids, new SecurityGroupActions.CreateSecurityGroup(CA, vpc.vpcId(), null, "d", List.of()));
    refused("MissingParameter", b, ids, new SecurityGroupActions.CreateSecurityGroup(CA, vpc.vpcId(), "", "d", List.of()));
    AwsError e = refused("MissingParameter", b, ids,
        new SecurityGroupActions.CreateSecurityGroup(CA, vpc.vpcId(), "db", null, List.of()));
    assertMessageContains(e, "Description");
    refused("MissingParameter", b, ids, new SecurityGroupActions.CreateSecurityGroup(CA, vpc.vpcId(), "db", "", List.of()));
  }

  @Test
  void createSecurityGroupNeedsAnOwnVpc() {
    refused("VPCIdNotSpecified", b, ids, new SecurityGroupActions.CreateSecurityGroup(CA, null, "db", "d", List.of()));
    refused("InvalidVpcID.Malformed", b, ids, new SecurityGroupActions.CreateSecurityGroup(CA, "vpc-1", "db", "d", List.of()));
    refused("InvalidVpcID.NotFound", b, ids,
        new SecurityGroupActions.CreateSecurityGroup(CA, Fixtures.UNKNOWN_VPC, "db", "d", List.of()));
    refused("InvalidVpcID.NotFound", b, ids, new SecurityGroupActions.CreateSecurityGroup(CB, vpc.vpcId(), "db", "d", List.of()));
  }

  // ---- DeleteSecurityGroup ----

  @Test
  void deleteByIdOrByName() {
    Desired before = b.build();
    assertEquals(web.groupId(), ok(b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, web.groupId(), null)));
    assertEquals(List.of(new Desired.Change(Table.SECURITY_GROUPS, web.groupId(), null)), b.build().changes(before));

    SecurityGroup db = createGroup(b, ids, CA, vpc.vpcId(), "db");
    assertEquals(db.groupId(), ok(b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, null, "db")));
    assertNull(group(db.groupId()));
  }

  @Test
  void theDefaultGroupCannotBeDeleted() {
    String def = defaultGroup(b, vpc.vpcId()).groupId();
    AwsError e = refused("CannotDelete", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, def, null));
    assertMessageContains(e, def);
    refused("CannotDelete", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, null, "default"));
  }

  @Test
  void deleteLookupErrors() {
    refused("InvalidGroup.NotFound", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, UNKNOWN_GROUP, null));
    refused("InvalidGroup.NotFound", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, null, "nope"));
    refused("InvalidGroupId.Malformed", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, "sg-1", null));
    refused("InvalidGroupId.Malformed", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, vpc.vpcId(), null));
    refused("MissingParameter", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, null, null));
  }

  @Test
  void deleteByNameIsAmbiguousWhenSeveralVpcsHaveTheName() {
    Vpc other = createVpc(b, ids, CA, "10.1.0.0/16");
    createGroup(b, ids, CA, other.vpcId(), "web");
    refused("InvalidParameterValue", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, null, "web"));
    refused("InvalidParameterValue", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, null, "default"));
  }

  @Test
  void deleteByNameOnlySeesTheCallersGroups() {
    Vpc theirs = createVpc(b, ids, CB, "10.0.0.0/16");
    SecurityGroup theirWeb = createGroup(b, ids, CB, theirs.vpcId(), "web");
    // A's "web" is unambiguous for A, B's for B.
    assertEquals(theirWeb.groupId(), ok(b, ids, new SecurityGroupActions.DeleteSecurityGroup(CB, null, "web")));
    assertTrue(b.build().securityGroups().containsKey(web.groupId()));
  }

  // ---- Cross-account isolation ----

  @Test
  void anotherAccountsGroupIsNotFound() {
    AwsError e = refused("InvalidGroup.NotFound", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CB, web.groupId(), null));
    assertMessageContains(e, web.groupId());
    refused("InvalidGroup.NotFound", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CB, null, "web"));
    refused("InvalidGroup.NotFound", b, ids,
        new SecurityGroupActions.Authorize(CB, web.groupId(), false, List.of(tcp(22, "0.0.0.0/0"))));
    refused("InvalidGroup.NotFound", b, ids,
        new SecurityGroupActions.Revoke(CB, web.groupId(), true, List.of(), List.of(web.egress().get(0).ruleId())));
  }
}
