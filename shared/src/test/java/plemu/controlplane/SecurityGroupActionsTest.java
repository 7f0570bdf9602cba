package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import plemu.model.Cidr;
import plemu.model.ResourceIds;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.Tag;
import plemu.model.Vpc;

class SecurityGroupActionsTest {

  private Desired.Builder b;
  private IdSource ids;
  private Vpc vpc;
  private SecurityGroup web;

  @BeforeEach
  void setUp() {
    b = Fixtures.baseBuilder();
    ids = Fixtures.ids();
    vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    web = createGroup(b, ids, CA, vpc.vpcId(), "web");
  }

  private SecurityGroup group(String id) {
    return b.build().securityGroups().get(id);
  }

  private static RuleSpec tcp(int port, String cidr) {
    return new RuleSpec("tcp", port, port, cidr, null, null);
  }

  private static RuleSpec tcpFrom(int port, String groupId) {
    return new RuleSpec("tcp", port, port, null, groupId, null);
  }

  private SecurityGroupActions.Authorize ingress(String groupId, RuleSpec... rules) {
    return new SecurityGroupActions.Authorize(CA, groupId, false, List.of(rules));
  }

  private SecurityGroupActions.Revoke revokeIngress(String groupId, RuleSpec... rules) {
    return new SecurityGroupActions.Revoke(CA, groupId, false, List.of(rules), List.of());
  }

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
  void aReferencedGroupCannotBeDeleted() {
    SecurityGroup app = createGroup(b, ids, CA, vpc.vpcId(), "app");
    ok(b, ids, ingress(app.groupId(), tcpFrom(8080, web.groupId())));

    AwsError e = refused("DependencyViolation", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, web.groupId(), null));
    assertMessageContains(e, web.groupId());

    ok(b, ids, revokeIngress(app.groupId(), tcpFrom(8080, web.groupId())));
    ok(b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, web.groupId(), null));
  }

  @Test
  void aReferenceInAnEgressRuleAlsoBlocksDeletion() {
    SecurityGroup app = createGroup(b, ids, CA, vpc.vpcId(), "app");
    ok(b, ids, new SecurityGroupActions.Authorize(CA, app.groupId(), true, List.of(tcpFrom(5432, web.groupId()))));
    refused("DependencyViolation", b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, null, "web"));
  }

  @Test
  void aGroupThatOnlyReferencesItselfCanBeDeleted() {
    ok(b, ids, ingress(web.groupId(), tcpFrom(443, web.groupId())));
    ok(b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, web.groupId(), null));
  }

  @Test
  void aGroupReferencingOthersCanBeDeleted() {
    SecurityGroup app = createGroup(b, ids, CA, vpc.vpcId(), "app");
    ok(b, ids, ingress(app.groupId(), tcpFrom(8080, web.groupId())));
    ok(b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, app.groupId(), null));
    ok(b, ids, new SecurityGroupActions.DeleteSecurityGroup(CA, web.groupId(), null));
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

  @Test
  void anotherAccountsGroupCannotBeReferenced() {
    Vpc theirs = createVpc(b, ids, CB, "10.0.0.0/16");
    SecurityGroup theirGroup = createGroup(b, ids, CB, theirs.vpcId(), "clients");
    refused("InvalidGroup.NotFound", b, ids, ingress(web.groupId(), tcpFrom(80, theirGroup.groupId())));
  }

  // ---- Authorize ----

  @Test
  void authorizeIngressByCidr() {
    RuleSpec spec = new RuleSpec("tcp", 80, 443, "10.0.0.0/16", null, "http and https");
    List<SecurityGroupRule> added = ok(b, ids, ingress(web.groupId(), spec));

    assertEquals(1, added.size());
    SecurityGroupRule r = added.get(0);
    assertTrue(ResourceIds.isWellFormed("sgr", r.ruleId()));
    assertFalse(r.egress());
    assertEquals("tcp", r.ipProtocol());
    assertEquals(80, r.fromPort());
    assertEquals(443, r.toPort());
    assertEquals(Cidr.parse("10.0.0.0/16"), r.cidr());
    assertNull(r.referencedGroupId());
    assertEquals("http and https", r.description());
    assertEquals(List.of(r), group(web.groupId()).ingress());
    assertEquals(web.egress(), group(web.groupId()).egress(), "egress untouched");
  }

  @Test
  void authorizeIngressByGroupReference() {
    SecurityGroup app = createGroup(b, ids, CA, vpc.vpcId(), "app");
    List<SecurityGroupRule> added = ok(b, ids, ingress(app.groupId(), tcpFrom(8080, web.groupId())));
    SecurityGroupRule r = added.get(0);
    assertEquals(web.groupId(), r.referencedGroupId());
    assertNull(r.cidr());
    assertEquals(List.of(r), group(app.groupId()).ingress());
  }

  @Test
  void authorizeEgress() {
    List<SecurityGroupRule> added = ok(b, ids,
        new SecurityGroupActions.Authorize(CA, web.groupId(), true, List.of(tcp(5432, "10.0.2.0/24"))));
    assertTrue(added.get(0).egress());
    assertEquals(2, group(web.groupId()).egress().size());
    assertEquals(List.of(), group(web.groupId()).ingress());
  }

  @Test
  void authorizeSeveralPermissionsAtOnce() {
    List<SecurityGroupRule> added = ok(b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0"), tcp(443, "0.0.0.0/0"),
        new RuleSpec("udp", 53, 53, "10.0.0.0/8", null, null)));
    assertEquals(3, added.size());
    assertEquals(3, added.stream().map(SecurityGroupRule::ruleId).distinct().count());
    assertEquals(added, group(web.groupId()).ingress());
  }

  @ParameterizedTest
  @CsvSource({
      "tcp, 22, 22, tcp, 22, 22",
      "6, 22, 22, tcp, 22, 22",
      "TCP, 0, 65535, tcp, 0, 65535",
      "udp, 53, 53, udp, 53, 53",
      "17, 53, 53, udp, 53, 53",
      "icmp, 8, 0, icmp, 8, 0",
      "1, , , icmp, -1, -1",
      "-1, , , -1, -1, -1",
      "all, 1, 2, -1, -1, -1",
  })
  void protocolsAndPortsAreNormalised(String protocol, Integer from, Integer to, String wantProtocol, int wantFrom, int wantTo) {
    List<SecurityGroupRule> added = ok(b, ids, ingress(web.groupId(), new RuleSpec(protocol, from, to, "10.0.0.0/16", null, null)));
    SecurityGroupRule r = added.get(0);
    assertEquals(wantProtocol, r.ipProtocol());
    assertEquals(wantFrom, r.fromPort());
    assertEquals(wantTo, r.toPort());
  }

  @Test
  void anExistingPermissionIsADuplicate() {
    ok(b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0")));
    AwsError e = refused("InvalidPermission.Duplicate", b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0")));
    assertMessageContains(e, "0.0.0.0/0", "TCP", "80");
    // Description and protocol spelling do not make it a different permission.
    refused("InvalidPermission.Duplicate", b, ids,
        ingress(web.groupId(), new RuleSpec("6", 80, 80, "0.0.0.0/0", null, "other words")));
  }

  @Test
  void theDefaultEgressRuleIsADuplicate() {
    refused("InvalidPermission.Duplicate", b, ids, new SecurityGroupActions.Authorize(CA, web.groupId(), true,
        List.of(new RuleSpec("-1", null, null, "0.0.0.0/0", null, null))));
  }

  @Test
  void theSamePermissionInTheOtherDirectionIsNotADuplicate() {
    ok(b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0")));
    ok(b, ids, new SecurityGroupActions.Authorize(CA, web.groupId(), true, List.of(tcp(80, "0.0.0.0/0"))));
  }

  @Test
  void aDuplicateGroupReferenceIsADuplicate() {
    ok(b, ids, ingress(web.groupId(), tcpFrom(80, web.groupId())));
    refused("InvalidPermission.Duplicate", b, ids, ingress(web.groupId(), tcpFrom(80, web.groupId())));
  }

  @Test
  void authorizeIsAllOrNothing() {
    // The second permission repeats the first: nothing is added.
    refused("InvalidPermission.Duplicate", b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0"), tcp(80, "0.0.0.0/0")));
    // The third permission is invalid: nothing is added.
    refused("InvalidParameterValue", b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0"), tcp(443, "0.0.0.0/0"),
        new RuleSpec("tcp", 10, 5, "0.0.0.0/0", null, null)));
    // The second permission references an unknown group: nothing is added.
    refused("InvalidGroup.NotFound", b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0"), tcpFrom(80, UNKNOWN_GROUP)));
    assertEquals(List.of(), group(web.groupId()).ingress());
  }

  @Test
  void permissionValidation() {
    refused("InvalidParameterValue", b, ids, ingress(web.groupId(), new RuleSpec("tcp", null, 80, "0.0.0.0/0", null, null)));
    refused("InvalidParameterValue", b, ids, ingress(web.groupId(), new RuleSpec("udp", 53, null, "0.0.0.0/0", null, null)));
    refused("InvalidParameterValue", b, ids, ingress(web.groupId(), new RuleSpec("tcp", -1, 80, "0.0.0.0/0", null, null)));
    refused("InvalidParameterValue", b, ids, ingress(web.groupId(), new RuleSpec("tcp", 0, 65536, "0.0.0.0/0", null, null)));
    refused("InvalidParameterValue", b, ids, ingress(web.groupId(), new RuleSpec("tcp", 81, 80, "0.0.0.0/0", null, null)));
    AwsError proto = refused("InvalidParameterValue", b, ids, ingress(web.groupId(), new RuleSpec("gre", null, null, "0.0.0.0/0", null, null)));
    assertMessageContains(proto, "gre");
    refused("MissingParameter", b, ids, ingress(web.groupId(), new RuleSpec(null, 80, 80, "0.0.0.0/0", null, null)));
    refused("MissingParameter", b, ids, ingress(web.groupId(), new RuleSpec("", 80, 80, "0.0.0.0/0", null, null)));
    AwsError cidr = refused("InvalidParameterValue", b, ids, ingress(web.groupId(), tcp(80, "10.0.0.1/16")));
    assertMessageContains(cidr, "10.0.0.1/16");
  }

  @Test
  void eachPermissionNamesExactlyOnePeer() {
    refused("InvalidParameterCombination", b, ids, ingress(web.groupId(), new RuleSpec("tcp", 80, 80, null, null, null)));
    refused("InvalidParameterCombination", b, ids,
        ingress(web.groupId(), new RuleSpec("tcp", 80, 80, "0.0.0.0/0", web.groupId(), null)));
  }

  @Test
  void authorizeRequestChecks() {
    refused("MissingParameter", b, ids, new SecurityGroupActions.Authorize(CA, null, false, List.of(tcp(80, "0.0.0.0/0"))));
    refused("MissingParameter", b, ids, new SecurityGroupActions.Authorize(CA, web.groupId(), false, List.of()));
    refused("InvalidGroup.NotFound", b, ids, ingress(UNKNOWN_GROUP, tcp(80, "0.0.0.0/0")));
    refused("InvalidGroupId.Malformed", b, ids, ingress("web", tcp(80, "0.0.0.0/0")));
    refused("InvalidGroupId.Malformed", b, ids, ingress(web.groupId(), tcpFrom(80, "sg-bad")));
  }

  // ---- Revoke ----

  @Test
  void revokeByPermission() {
    List<SecurityGroupRule> added = ok(b, ids, ingress(web.groupId(), new RuleSpec("tcp", 80, 80, "0.0.0.0/0", null, "web")));
    SecurityGroupRule r = added.get(0);
    ok(b, ids, ingress(web.groupId(), tcp(443, "0.0.0.0/0")));
    // Matched on the permission; description and protocol spelling do not matter.
    List<SecurityGroupRule> revoked = ok(b, ids, revokeIngress(web.groupId(), new RuleSpec("6", 80, 80, "0.0.0.0/0", null, null)));
    assertEquals(List.of(r), revoked);
    assertEquals(List.of(443), group(web.groupId()).ingress().stream().map(SecurityGroupRule::fromPort).toList());
  }

  @Test
  void revokeAGroupReference() {
    SecurityGroup app = createGroup(b, ids, CA, vpc.vpcId(), "app");
    List<SecurityGroupRule> added = ok(b, ids, ingress(app.groupId(), tcpFrom(8080, web.groupId())));
    assertEquals(added, ok(b, ids, revokeIngress(app.groupId(), tcpFrom(8080, web.groupId()))));
    assertEquals(List.of(), group(app.groupId()).ingress());
  }

  @Test
  void revokeByRuleId() {
    List<SecurityGroupRule> added = ok(b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0"), tcp(443, "0.0.0.0/0")));
    List<SecurityGroupRule> revoked = ok(b, ids,
        new SecurityGroupActions.Revoke(CA, web.groupId(), false, List.of(), List.of(added.get(1).ruleId())));
    assertEquals(List.of(added.get(1)), revoked);
    assertEquals(List.of(added.get(0)), group(web.groupId()).ingress());
  }

  @Test
  void revokeTheDefaultEgressRuleByIdAndByPermission() {
    String egressId = web.egress().get(0).ruleId();
    ok(b, ids, new SecurityGroupActions.Revoke(CA, web.groupId(), true, List.of(), List.of(egressId)));
    assertEquals(List.of(), group(web.groupId()).rules());

    SecurityGroup db = createGroup(b, ids, CA, vpc.vpcId(), "db");
    ok(b, ids, new SecurityGroupActions.Revoke(CA, db.groupId(), true,
        List.of(new RuleSpec("all", null, null, "0.0.0.0/0", null, null)), List.of()));
    assertEquals(List.of(), group(db.groupId()).rules());
  }

  @Test
  void revokingAMissingPermissionIsNotFound() {
    ok(b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0")));
    refused("InvalidPermission.NotFound", b, ids, revokeIngress(web.groupId(), tcp(81, "0.0.0.0/0")));
    refused("InvalidPermission.NotFound", b, ids, revokeIngress(web.groupId(), tcp(80, "10.0.0.0/8")));
    // Egress rules are not revoked through ingress.
    refused("InvalidPermission.NotFound", b, ids,
        revokeIngress(web.groupId(), new RuleSpec("-1", null, null, "0.0.0.0/0", null, null)));
  }

  @Test
  void revokingAnUnknownRuleIdIsNotFound() {
    String egressId = web.egress().get(0).ruleId();
    AwsError e = refused("InvalidSecurityGroupRuleId.NotFound", b, ids,
        new SecurityGroupActions.Revoke(CA, web.groupId(), false, List.of(), List.of(egressId)));
    assertMessageContains(e, egressId);
    refused("InvalidSecurityGroupRuleId.NotFound", b, ids,
        new SecurityGroupActions.Revoke(CA, web.groupId(), true, List.of(), List.of("sgr-0123456789abcdef0")));
  }

  @Test
  void revokeIsAllOrNothing() {
    List<SecurityGroupRule> added = ok(b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0")));
    refused("InvalidPermission.NotFound", b, ids, revokeIngress(web.groupId(), tcp(80, "0.0.0.0/0"), tcp(8080, "0.0.0.0/0")));
    // Revoking the same rule twice in one request: the second no longer exists.
    refused("InvalidPermission.NotFound", b, ids, revokeIngress(web.groupId(), tcp(80, "0.0.0.0/0"), tcp(80, "0.0.0.0/0")));
    refused("InvalidSecurityGroupRuleId.NotFound", b, ids, new SecurityGroupActions.Revoke(CA, web.groupId(), false,
        List.of(tcp(80, "0.0.0.0/0")), List.of("sgr-0123456789abcdef0")));
    assertEquals(added, group(web.groupId()).ingress());
  }

  @Test
  void revokeRequestChecks() {
    refused("MissingParameter", b, ids, new SecurityGroupActions.Revoke(CA, null, false, List.of(tcp(80, "0.0.0.0/0")), List.of()));
    refused("MissingParameter", b, ids, new SecurityGroupActions.Revoke(CA, web.groupId(), false, List.of(), List.of()));
    refused("InvalidGroup.NotFound", b, ids, revokeIngress(UNKNOWN_GROUP, tcp(80, "0.0.0.0/0")));
    refused("InvalidParameterValue", b, ids, revokeIngress(web.groupId(), new RuleSpec("tcp", null, null, "0.0.0.0/0", null, null)));
  }

  @Test
  void aRevokedPermissionCanBeAuthorizedAgain() {
    ok(b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0")));
    ok(b, ids, revokeIngress(web.groupId(), tcp(80, "0.0.0.0/0")));
    ok(b, ids, ingress(web.groupId(), tcp(80, "0.0.0.0/0")));
    assertEquals(1, group(web.groupId()).ingress().size());
  }

  // ---- Bug demonstration ----

  @Test
  void aGroupOfAnotherVpcCannotBeReferenced() {
    Vpc other = createVpc(b, ids, CA, "10.1.0.0/16");
    SecurityGroup elsewhere = createGroup(b, ids, CA, other.vpcId(), "elsewhere");
    Desired before = b.build();
    assertThrows(AwsException.class, () -> ingress(web.groupId(), tcpFrom(80, elsewhere.groupId())).apply(b, ids));
    assertEquals(before, b.build());
  }
}
