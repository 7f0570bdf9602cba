package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.REGION;
import static plemu.controlplane.Fixtures.assertMessageContains;

import java.util.List;
import java.util.Optional;
import plemu.model.SecurityGroup;
import plemu.model.Subnet;
import plemu.model.Tag;
import plemu.model.Vpc;
import plemu.scenario.Scenario;
import plemu.scenario.Scenario.RuleYaml;
import plemu.scenario.Scenario.SecurityGroupSpec;
import plemu.scenario.Scenario.SubnetSpec;
import plemu.scenario.Scenario.VpcSpec;

/**
 * Shared helpers of the {@link ApplyScenario} tests: builders for the parts of a scenario file
 * (VPCs in us-east-1, subnets by AZ ID or AZ name, groups, TCP rules), lookups of what a scenario
 * created by its name, and an {@link Applier} that applies scenarios the way the region's writer
 * does and checks their refusals.
 */
final class ScenarioSpecs {
  private ScenarioSpecs() {}

  // ---- scenario building blocks ----

  static VpcSpec vpc(String name, String account, String cidr, List<SubnetSpec> subnets, List<SecurityGroupSpec> groups) {
    return new VpcSpec(name, account, REGION, cidr, null, null, subnets, groups);
  }

  static VpcSpec vpc(String name, String account, String cidr) {
    return vpc(name, account, cidr, List.of(), List.of());
  }

  static SubnetSpec subnetInAzId(String name, String cidr, String zoneId) {
    return new SubnetSpec(name, cidr, zoneId, null);
  }

  static SubnetSpec subnetInAz(String name, String cidr, String zoneName) {
    return new SubnetSpec(name, cidr, null, zoneName);
  }

  static SecurityGroupSpec group(String name, List<RuleYaml> ingress, List<RuleYaml> egress) {
    return new SecurityGroupSpec(name, null, ingress, egress);
  }

  static RuleYaml tcp(int port, String cidr) {
    return new RuleYaml("tcp", port, null, null, cidr, null, null);
  }

  static RuleYaml tcpFromGroup(int port, String groupName) {
    return new RuleYaml("tcp", port, null, null, null, groupName, null);
  }

  /** A scenario of VPCs only: it relies on the accounts and regions already in the state. */
  static Scenario only(VpcSpec... vpcs) {
    return new Scenario("only-vpcs", null, List.of(), List.of(), List.of(vpcs));
  }

  // ---- outcomes and what they created ----

  static ApplyScenario.Applied applied(Fixtures.Outcome o) {
    assertTrue(o.accepted(), () -> "refused: " + o.error());
    return (ApplyScenario.Applied) o.result();
  }

  static Vpc vpcNamed(Desired d, String account, String name) {
    List<Vpc> found = d.vpcs().values().stream()
        .filter(v -> v.ownerId().equals(account) && Tag.nameOf(v.tags()).equals(Optional.of(name))).toList();
    assertEquals(1, found.size(), () -> "VPCs named " + name + " of " + account + ": " + found);
    return found.get(0);
  }

  static Subnet subnetNamed(Desired d, String vpcId, String name) {
    List<Subnet> found = d.subnets().values().stream()
        .filter(s -> s.vpcId().equals(vpcId) && Tag.nameOf(s.tags()).equals(Optional.of(name))).toList();
    assertEquals(1, found.size(), () -> "subnets named " + name + ": " + found);
    return found.get(0);
  }

  static SecurityGroup groupNamed(Desired d, String vpcId, String name) {
    List<SecurityGroup> found = d.securityGroups().values().stream()
        .filter(g -> g.vpcId().equals(vpcId) && g.groupName().equals(name)).toList();
    assertEquals(1, found.size(), () -> "groups named " + name + ": " + found);
    return found.get(0);
  }

  /** Applies scenarios as one write each, like the region's writer, drawing ids from one source. */
  static final class Applier {
    private final IdSource ids;

    Applier(IdSource ids) {
      this.ids = ids;
    }

    Fixtures.Outcome apply(Desired before, Scenario scenario) {
      return Fixtures.write(before, ids, new ApplyScenario(scenario));
    }

    /** Applies a scenario that must be refused; checks nothing would be committed; returns the error. */
    AwsError refused(Desired before, Scenario scenario, String code, String... messageParts) {
      Fixtures.Outcome o = apply(before, scenario);
      assertFalse(o.accepted(), () -> "expected a refusal, got " + o.result());
      assertEquals(before, o.state());
      assertEquals(code, o.error().code(), () -> "unexpected error " + o.error());
      assertEquals(400, o.error().httpStatus());
      assertTrue(o.error().message().startsWith("scenario "), o.error().message());
      assertMessageContains(o.error(), messageParts);
      return o.error();
    }

    /** Like {@link #refused(Desired, Scenario, String, String...)} on the fixture world. */
    AwsError refused(Scenario scenario, String code, String... messageParts) {
      return refused(Fixtures.base(), scenario, code, messageParts);
    }
  }
}
