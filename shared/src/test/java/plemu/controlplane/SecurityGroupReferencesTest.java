package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.CB;
import static plemu.controlplane.Fixtures.assertMessageContains;
import static plemu.controlplane.Fixtures.createGroup;
import static plemu.controlplane.Fixtures.createVpc;
import static plemu.controlplane.Fixtures.ok;
import static plemu.controlplane.Fixtures.refused;

import java.util.List;
import org.junit.jupiter.api.Test;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.Vpc;

/**
 * Rules whose peer is another security group: authorizing, de-duplicating and revoking them, the
 * referenced group must be in the same VPC and account, and a group that another group references
 * (in an ingress or an egress rule) cannot be deleted, unless it only references itself.
 */
class SecurityGroupReferencesTest extends SecurityGroupFixture {

  // ---- Deletion of referenced groups ----

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

  // ---- Authorize and revoke ----

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
  void aDuplicateGroupReferenceIsADuplicate() {
    ok(b, ids, ingress(web.groupId(), tcpFrom(80, web.groupId())));
    refused("InvalidPermission.Duplicate", b, ids, ingress(web.groupId(), tcpFrom(80, web.groupId())));
  }

  @Test
  void revokeAGroupReference() {
    SecurityGroup app = createGroup(b, ids, CA, vpc.vpcId(), "app");
    List<SecurityGroupRule> added = ok(b, ids, ingress(app.groupId(), tcpFrom(8080, web.groupId())));
    assertEquals(added, ok(b, ids, revokeIngress(app.groupId(), tcpFrom(8080, web.groupId()))));
    assertEquals(List.of(), group(app.groupId()).ingress());
  }

  @Test
  void anotherAccountsGroupCannotBeReferenced() {
    Vpc theirs = createVpc(b, ids, CB, "10.0.0.0/16");
    SecurityGroup theirGroup = createGroup(b, ids, CB, theirs.vpcId(), "clients");
    refused("InvalidGroup.NotFound", b, ids, ingress(web.groupId(), tcpFrom(80, theirGroup.groupId())));
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
