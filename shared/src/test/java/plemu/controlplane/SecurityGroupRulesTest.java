package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.UNKNOWN_GROUP;
import static plemu.controlplane.Fixtures.assertMessageContains;
import static plemu.controlplane.Fixtures.createGroup;
import static plemu.controlplane.Fixtures.ok;
import static plemu.controlplane.Fixtures.refused;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import plemu.model.Cidr;
import plemu.model.ResourceIds;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;

/**
 * AuthorizeSecurityGroupIngress/Egress and RevokeSecurityGroupIngress/Egress with CIDR permissions:
 * what a rule holds, how protocols and ports are normalised and validated, what counts as a
 * duplicate, revoking by permission or by rule id (also the default egress rule), and that each
 * request is all or nothing. Rules that name a group are in {@link SecurityGroupReferencesTest}.
 */
class SecurityGroupRulesTest extends SecurityGroupFixture {

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
}
