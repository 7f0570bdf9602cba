package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.A;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.CB;
import static plemu.controlplane.Fixtures.REGION;
import static plemu.controlplane.Fixtures.UNKNOWN_VPC;
import static plemu.controlplane.Fixtures.assertMessageContains;
import static plemu.controlplane.Fixtures.createGroup;
import static plemu.controlplane.Fixtures.createSubnet;
import static plemu.controlplane.Fixtures.createVpc;
import static plemu.controlplane.Fixtures.defaultGroup;
import static plemu.controlplane.Fixtures.ok;
import static plemu.controlplane.Fixtures.refused;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import plemu.model.Cidr;
import plemu.model.ResourceIds;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.Subnet;
import plemu.model.Tag;
import plemu.model.Vpc;

class VpcActionsTest {

  private Desired.Builder b;
  private IdSource ids;

  @BeforeEach
  void setUp() {
    b = Fixtures.baseBuilder();
    ids = Fixtures.ids();
  }

  // ---- CreateVpc ----

  @Test
  void createVpcReturnsTheStoredVpcWithAwsDefaults() {
    Desired before = b.build();
    List<Tag> tags = List.of(new Tag("Name", "main"), new Tag("env", "test"));
    Vpc vpc = ok(b, ids, new VpcActions.CreateVpc(CA, "10.0.0.0/16", tags));

    assertTrue(ResourceIds.isWellFormed("vpc", vpc.vpcId()), vpc.vpcId());
    assertTrue(ResourceIds.isWellFormed("vpc-cidr-assoc", vpc.cidrAssociationId()), vpc.cidrAssociationId());
    assertEquals(A, vpc.ownerId());
    assertEquals(REGION, vpc.region());
    assertEquals(Cidr.parse("10.0.0.0/16"), vpc.cidr());
    assertTrue(vpc.enableDnsSupport(), "DNS support is on for a new VPC");
    assertFalse(vpc.enableDnsHostnames(), "DNS hostnames are off for a non-default VPC");
    assertEquals(tags, vpc.tags());
    assertEquals(vpc, b.build().vpcs().get(vpc.vpcId()));

    // The VPC and its default group, nothing else.
    List<Desired.Change> changes = b.build().changes(before);
    assertEquals(2, changes.size(), changes.toString());
    assertEquals(Set.of(Table.VPCS, Table.SECURITY_GROUPS),
        changes.stream().map(Desired.Change::table).collect(Collectors.toSet()));
  }

  @Test
  void createVpcAlsoCreatesItsDefaultSecurityGroup() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    SecurityGroup sg = defaultGroup(b, vpc.vpcId());

    assertTrue(ResourceIds.isWellFormed("sg", sg.groupId()), sg.groupId());
    assertEquals("default", sg.groupName());
    assertEquals("default VPC security group", sg.description());
    assertEquals(A, sg.ownerId());
    assertEquals(REGION, sg.region());
    // Ingress: all traffic from members of the group itself. Egress: all traffic anywhere.
    assertEquals(1, sg.ingress().size());
    SecurityGroupRule in = sg.ingress().get(0);
    assertEquals("-1", in.ipProtocol());
    assertEquals(sg.groupId(), in.referencedGroupId());
    assertNull(in.cidr());
    assertEquals(1, sg.egress().size());
    SecurityGroupRule out = sg.egress().get(0);
    assertEquals("-1", out.ipProtocol());
    assertEquals(Cidr.parse("0.0.0.0/0"), out.cidr());
    assertNull(out.referencedGroupId());
    assertTrue(ResourceIds.isWellFormed("sgr", in.ruleId()));
    assertTrue(ResourceIds.isWellFormed("sgr", out.ruleId()));
    assertNotEquals(in.ruleId(), out.ruleId());
  }

  @Test
  void idsAreReproducibleWithTheSameSeed() {
    Vpc first = createVpc(b, ids, CA, "10.0.0.0/16");
    Desired.Builder again = Fixtures.baseBuilder();
    Vpc second = createVpc(again, Fixtures.ids(), CA, "10.0.0.0/16");
    assertEquals(first, second);
    assertEquals(b.build(), again.build());
  }

  @Test
  void eachVpcGetsADistinctId() {
    Vpc one = createVpc(b, ids, CA, "10.0.0.0/16");
    Vpc two = createVpc(b, ids, CA, "10.0.0.0/16");
    assertNotEquals(one.vpcId(), two.vpcId());
    assertEquals(2, b.build().vpcs().size());
  }

  @Test
  void overlappingCidrsAreAllowedAcrossVpcsAndAccounts() {
    Vpc a1 = createVpc(b, ids, CA, "10.0.0.0/16");
    Vpc a2 = createVpc(b, ids, CA, "10.0.0.0/16");
    Vpc a3 = createVpc(b, ids, CA, "10.0.128.0/17");
    Vpc b1 = createVpc(b, ids, CB, "10.0.0.0/16");
    assertEquals(4, Set.of(a1.vpcId(), a2.vpcId(), a3.vpcId(), b1.vpcId()).size());
    assertEquals(Fixtures.B, b1.ownerId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/16", "192.168.0.0/20", "172.16.0.0/28"})
  void createVpcAcceptsPrefixes16To28(String cidr) {
    assertEquals(Cidr.parse(cidr), createVpc(b, ids, CA, cidr).cidr());
  }

  @Test
  void createVpcTrimsTheCidr() {
    assertEquals(Cidr.parse("10.0.0.0/16"), createVpc(b, ids, CA, " 10.0.0.0/16 ").cidr());
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/15", "10.0.0.0/8", "0.0.0.0/0", "10.0.0.0/29", "10.0.0.1/32"})
  void createVpcRefusesPrefixesOutside16To28(String cidr) {
    AwsError e = refused("InvalidVpc.Range", b, ids, new VpcActions.CreateVpc(CA, cidr, List.of()));
    assertMessageContains(e, cidr);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0", "10.0.0.1/16", "10.0.0/16", "banana", "10.0.0.0/33", "256.0.0.0/16"})
  void createVpcRefusesMalformedCidrs(String cidr) {
    AwsError e = refused("InvalidParameterValue", b, ids, new VpcActions.CreateVpc(CA, cidr, List.of()));
    assertMessageContains(e, cidr, "cidrBlock");
  }

  @Test
  void createVpcNeedsACidr() {
    refused("MissingParameter", b, ids, new VpcActions.CreateVpc(CA, null, List.of()));
    AwsError e = refused("MissingParameter", b, ids, new VpcActions.CreateVpc(CA, "", List.of()));
    assertMessageContains(e, "CidrBlock");
  }

  @Test
  void createVpcByAnUnknownAccountIsAnAuthFailure() {
    AwsError e = refused(b, ids, new VpcActions.CreateVpc(new Caller("333333333333", REGION), "10.0.0.0/16", List.of()));
    assertEquals("AuthFailure", e.code());
    assertEquals(401, e.httpStatus());
  }

  @Test
  void createVpcInAnUnknownRegionIsRefused() {
    AwsError e = refused("InvalidRegion", b, ids, new VpcActions.CreateVpc(new Caller(A, "eu-west-9"), "10.0.0.0/16", List.of()));
    assertMessageContains(e, "eu-west-9");
  }

  // ---- DeleteVpc ----

  @Test
  void deleteVpcRemovesTheVpcAndItsDefaultGroup() {
    Desired before = b.build();
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    String sg = defaultGroup(b, vpc.vpcId()).groupId();

    assertEquals(true, ok(b, ids, new VpcActions.DeleteVpc(CA, vpc.vpcId())));
    Desired after = b.build();
    assertFalse(after.vpcs().containsKey(vpc.vpcId()));
    assertFalse(after.securityGroups().containsKey(sg));
    assertEquals(before, after, "create then delete leaves nothing behind");
  }

  @Test
  void deleteVpcLeavesOtherVpcsAlone() {
    Vpc keep = createVpc(b, ids, CA, "10.0.0.0/16");
    Vpc drop = createVpc(b, ids, CA, "10.1.0.0/16");
    Desired before = b.build();
    ok(b, ids, new VpcActions.DeleteVpc(CA, drop.vpcId()));
    List<Desired.Change> changes = b.build().changes(before);
    assertEquals(2, changes.size(), changes.toString());
    assertTrue(changes.stream().allMatch(c -> c.value() == null), "only removals");
    assertTrue(b.build().vpcs().containsKey(keep.vpcId()));
    defaultGroup(b, keep.vpcId());
  }

  @Test
  void deleteVpcIsRefusedWhileItHasSubnets() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    Subnet subnet = createSubnet(b, ids, CA, vpc.vpcId(), "10.0.1.0/24", "use1-az1");

    AwsError e = refused("DependencyViolation", b, ids, new VpcActions.DeleteVpc(CA, vpc.vpcId()));
    assertMessageContains(e, vpc.vpcId());

    ok(b, ids, new SubnetActions.DeleteSubnet(CA, subnet.subnetId()));
    assertEquals(true, ok(b, ids, new VpcActions.DeleteVpc(CA, vpc.vpcId())));
  }

  @Test
  void deleteVpcIsRefusedWhileItHasNonDefaultGroups() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    SecurityGroup web = createGroup(b, ids, CA, vpc.vpcId(), "web");

    refused("DependencyViolation", b, ids, new VpcActions.DeleteVpc(CA, vpc.vpcId()));

    ok(b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, web.groupId(), null));
    ok(b, ids, new VpcActions.DeleteVpc(CA, vpc.vpcId()));
    assertTrue(b.build().vpcs().isEmpty());
    assertTrue(b.build().securityGroups().isEmpty());
  }

  @Test
  void deleteVpcTwiceIsNotFound() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    ok(b, ids, new VpcActions.DeleteVpc(CA, vpc.vpcId()));
    refused("InvalidVpcID.NotFound", b, ids, new VpcActions.DeleteVpc(CA, vpc.vpcId()));
  }

  @Test
  void anotherAccountsVpcIsNotFound() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    AwsError e = refused("InvalidVpcID.NotFound", b, ids, new VpcActions.DeleteVpc(CB, vpc.vpcId()));
    assertMessageContains(e, vpc.vpcId());
    refused("InvalidVpcID.NotFound", b, ids, new VpcActions.ModifyVpcAttribute(CB, vpc.vpcId(), null, true));
  }

  @Test
  void aVpcIsNotVisibleFromAnotherRegion() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    refused("InvalidVpcID.NotFound", b, ids, new VpcActions.DeleteVpc(new Caller(A, "us-west-2"), vpc.vpcId()));
  }

  @Test
  void unknownVpcIsNotFound() {
    refused("InvalidVpcID.NotFound", b, ids, new VpcActions.DeleteVpc(CA, UNKNOWN_VPC));
  }

  @ParameterizedTest
  @ValueSource(strings = {"vpc-123", "vpc-0123456789ABCDEF0", "subnet-0123456789abcdef0", "vpc_0123456789abcdef0", "main"})
  void malformedVpcIdsAreRefused(String id) {
    AwsError e = refused("InvalidVpcID.Malformed", b, ids, new VpcActions.DeleteVpc(CA, id));
    assertMessageContains(e, id);
  }

  @Test
  void legacyEightDigitVpcIdsAreWellFormed() {
    refused("InvalidVpcID.NotFound", b, ids, new VpcActions.DeleteVpc(CA, "vpc-0123abcd"));
  }

  @Test
  void missingVpcIdIsMissingParameter() {
    refused("MissingParameter", b, ids, new VpcActions.DeleteVpc(CA, null));
    refused("MissingParameter", b, ids, new VpcActions.DeleteVpc(CA, ""));
    refused("MissingParameter", b, ids, new VpcActions.ModifyVpcAttribute(CA, null, true, null));
  }

  // ---- ModifyVpcAttribute ----

  @Test
  void enableDnsHostnames() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    assertEquals(true, ok(b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), null, true)));
    Vpc now = b.build().vpcs().get(vpc.vpcId());
    assertTrue(now.enableDnsHostnames());
    assertTrue(now.enableDnsSupport());
    assertEquals(vpc.withDns(true, true), now, "nothing else changes");
  }

  @Test
  void disableHostnamesThenSupport() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    ok(b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), null, true));
    ok(b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), null, false));
    ok(b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), false, null));
    Vpc now = b.build().vpcs().get(vpc.vpcId());
    assertFalse(now.enableDnsSupport());
    assertFalse(now.enableDnsHostnames());
    ok(b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), true, null));
    assertTrue(b.build().vpcs().get(vpc.vpcId()).enableDnsSupport());
  }

  @Test
  void settingTheCurrentValueChangesNothing() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    Desired before = b.build();
    assertEquals(true, ok(b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), true, null)));
    assertEquals(List.of(), b.build().changes(before));
  }

  @Test
  void modifyVpcAttributeTakesExactlyOneAttribute() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    refused("InvalidParameterCombination", b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), true, true));
    refused("InvalidParameterCombination", b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), null, null));
  }

  @Test
  void dnsHostnamesNeedDnsSupport() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    ok(b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), false, null));
    AwsError e = refused("InvalidParameterValue", b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), null, true));
    assertMessageContains(e, vpc.vpcId());
  }

  @Test
  void dnsSupportCannotBeDisabledWhileHostnamesAreOn() {
    Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    ok(b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), null, true));
    refused("InvalidParameterValue", b, ids, new VpcActions.ModifyVpcAttribute(CA, vpc.vpcId(), false, null));
  }

  @Test
  void modifyUnknownOrMalformedVpc() {
    refused("InvalidVpcID.NotFound", b, ids, new VpcActions.ModifyVpcAttribute(CA, UNKNOWN_VPC, null, true));
    refused("InvalidVpcID.Malformed", b, ids, new VpcActions.ModifyVpcAttribute(CA, "vpc-xyz", null, true));
  }

  // ---- Bug demonstration ----

  @Test
  void deleteVpcLeavesNoDanglingReferenceToItsDefaultGroup() {
    Vpc one = createVpc(b, ids, CA, "10.0.0.0/16");
    Vpc two = createVpc(b, ids, CA, "10.1.0.0/16");
    SecurityGroup app = createGroup(b, ids, CA, one.vpcId(), "app");
    String twoDefault = defaultGroup(b, two.vpcId()).groupId();
    // Either this is refused (AWS: groups of unpeered VPCs cannot be referenced) ...
    Fixtures.Outcome authorized = Fixtures.write(b.build(), ids, new SecurityGroupActions.Authorize(CA, app.groupId(), false,
        List.of(new RuleSpec("tcp", 443, 443, null, twoDefault, null))));
    Fixtures.Outcome deleted = Fixtures.write(authorized.state(), ids, new VpcActions.DeleteVpc(CA, two.vpcId()));
    // ... or DeleteVpc must be: no rule may point at a group that no longer exists.
    Desired end = deleted.state();
    for (SecurityGroup g : end.securityGroups().values())
      for (SecurityGroupRule r : g.rules())
        if (r.referencedGroupId() != null)
          assertTrue(end.securityGroups().containsKey(r.referencedGroupId()),
              g.groupId() + " references deleted group " + r.referencedGroupId());
  }
}
