package plemu.controlplane;

import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.createGroup;
import static plemu.controlplane.Fixtures.createVpc;

import java.util.List;
import plemu.model.SecurityGroup;
import plemu.model.Vpc;

/**
 * Shared setup of the {@link SecurityGroupActions} tests, which extend it (JUnit makes it anew for
 * each test): on the fixture world, a working copy {@code b} in which account A has the VPC
 * 10.0.0.0/16 (with its default group) and the group "web" in it; plus builders of TCP permissions
 * and of A's ingress authorize and revoke requests.
 */
abstract class SecurityGroupFixture {
  final Desired.Builder b = Fixtures.baseBuilder();
  final IdSource ids = Fixtures.ids();
  final Vpc vpc = createVpc(b, ids, CA, "10.0.0.0/16");
  final SecurityGroup web = createGroup(b, ids, CA, vpc.vpcId(), "web");

  /** The group as the working copy has it now. */
  SecurityGroup group(String id) {
    return b.build().securityGroups().get(id);
  }

  static RuleSpec tcp(int port, String cidr) {
    return new RuleSpec("tcp", port, port, cidr, null, null);
  }

  static RuleSpec tcpFrom(int port, String groupId) {
    return new RuleSpec("tcp", port, port, null, groupId, null);
  }

  static SecurityGroupActions.Authorize ingress(String groupId, RuleSpec... rules) {
    return new SecurityGroupActions.Authorize(CA, groupId, false, List.of(rules));
  }

  static SecurityGroupActions.Revoke revokeIngress(String groupId, RuleSpec... rules) {
    return new SecurityGroupActions.Revoke(CA, groupId, false, List.of(rules), List.of());
  }
}
