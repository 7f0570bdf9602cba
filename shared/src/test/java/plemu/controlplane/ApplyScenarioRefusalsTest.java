package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static plemu.controlplane.Fixtures.A;
import static plemu.controlplane.Fixtures.B;
import static plemu.controlplane.Fixtures.OPERATOR_TOKEN;
import static plemu.controlplane.Fixtures.TOKEN_A;
import static plemu.controlplane.Fixtures.worldWith;
import static plemu.controlplane.ScenarioSpecs.applied;
import static plemu.controlplane.ScenarioSpecs.group;
import static plemu.controlplane.ScenarioSpecs.only;
import static plemu.controlplane.ScenarioSpecs.subnetInAz;
import static plemu.controlplane.ScenarioSpecs.subnetInAzId;
import static plemu.controlplane.ScenarioSpecs.tcp;
import static plemu.controlplane.ScenarioSpecs.tcpFromGroup;
import static plemu.controlplane.ScenarioSpecs.vpc;

import java.util.List;
import org.junit.jupiter.api.Test;
import plemu.scenario.Scenario;
import plemu.scenario.Scenario.RuleYaml;
import plemu.scenario.Scenario.SubnetSpec;
import plemu.scenario.Scenario.VpcSpec;

/**
 * How {@link ApplyScenario} refuses a bad scenario file: all or nothing (a refusal anywhere keeps
 * nothing of the VPCs before it), and each refusal names the field of the file it is about
 * (vpcs[i].subnets[j], ...securityGroups[k].ingress[n]), while errors from the EC2 actions keep
 * their AWS code and gain that path.
 */
class ApplyScenarioRefusalsTest {

  private final ScenarioSpecs.Applier scenarios = new ScenarioSpecs.Applier(Fixtures.ids());

  // ---- all or nothing ----

  @Test
  void aScenarioIsAllOrNothing() {
    Desired before = Fixtures.base();
    Scenario bad = worldWith(List.of(
        vpc("one", A, "10.0.0.0/16", List.of(subnetInAzId("s", "10.0.1.0/24", "use1-az1")), List.of(group("g", List.of(), List.of()))),
        vpc("two", B, "10.0.0.0/16"),
        vpc("three", A, "10.0.0.0/8")));
    AwsError e = scenarios.refused(before, bad, "InvalidVpc.Range", "vpcs[2]", "10.0.0.0/8");
    assertFalse(e.message().contains("vpcs[0]"));

    // Nothing of the first two VPCs was kept: a fixed file creates all three.
    Scenario good = worldWith(List.of(bad.vpcs().get(0), bad.vpcs().get(1), vpc("three", A, "10.1.0.0/16")));
    Fixtures.Outcome o = scenarios.apply(before, good);
    assertEquals(5, applied(o).created().size());
    assertEquals(3, o.state().vpcs().size());
  }

  @Test
  void aLateFailureAlsoRollsBackEarlierVpcs() {
    Desired before = scenarios.apply(Fixtures.base(), only(vpc("keep", A, "10.9.0.0/16"))).state();
    Scenario bad = only(vpc("keep", A, "10.9.0.0/16", List.of(subnetInAzId("new", "10.9.1.0/24", "use1-az1")), List.of()),
        vpc("two", A, "10.0.0.0/16"),
        vpc("three", A, "10.1.0.0/16", List.of(), List.of(group("g", List.of(tcpFromGroup(80, "nope")), List.of()))));
    scenarios.refused(before, bad, "InvalidParameterValue", "vpcs[2].securityGroups[0].ingress[0].sourceGroup", "nope");
  }

  // ---- refusals name the field ----

  @Test
  void vpcFieldsAreRequired() {
    scenarios.refused(only(vpc(null, A, "10.0.0.0/16")), "InvalidParameterValue", "vpcs[0].name", "required");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16"), vpc("w", null, "10.0.0.0/16")), "InvalidParameterValue", "vpcs[1].account");
    scenarios.refused(only(new VpcSpec("v", A, "", "10.0.0.0/16", null, null, List.of(), List.of())), "InvalidParameterValue", "vpcs[0].region");
    scenarios.refused(only(vpc("v", A, null)), "InvalidParameterValue", "vpcs[0].cidrBlock");
  }

  @Test
  void unknownAccountOrRegion() {
    scenarios.refused(only(vpc("v", "333333333333", "10.0.0.0/16")), "InvalidParameterValue", "vpcs[0].account", "333333333333");
    scenarios.refused(only(new VpcSpec("v", A, "eu-west-9", "10.0.0.0/16", null, null, List.of(), List.of())),
        "InvalidParameterValue", "vpcs[0].region", "eu-west-9");
  }

  @Test
  void awsErrorsFromTheActionsKeepTheirCodeAndGainThePath() {
    scenarios.refused(only(vpc("v", A, "10.0.0.0/12")), "InvalidVpc.Range", "scenario vpcs[0]: ", "10.0.0.0/12");
    scenarios.refused(only(vpc("v", A, "10.0.0/16")), "InvalidParameterValue", "scenario vpcs[0]: ");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16"), vpc("w", A, "10.1.0.0/16", List.of(subnetInAzId("s", "10.0.1.0/24", "use1-az1")), List.of())),
        "InvalidSubnet.Range", "scenario vpcs[1].subnets[0]: ", "10.0.1.0/24");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAzId("s", "10.0.1.0/24", "use1-az1"),
            subnetInAzId("t", "10.0.1.0/25", "use1-az2")), List.of())),
        "InvalidSubnet.Conflict", "scenario vpcs[0].subnets[1]: ");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAzId("s", null, "use1-az1")), List.of())),
        "MissingParameter", "scenario vpcs[0].subnets[0]: ", "CidrBlock");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("sg-web", List.of(), List.of())))),
        "InvalidParameterValue", "scenario vpcs[0].securityGroups[0]: ");
  }

  @Test
  void subnetAzProblemsNameTheSubnet() {
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(new SubnetSpec("s", "10.0.1.0/24", null, null)), List.of())),
        "InvalidParameterValue", "vpcs[0].subnets[0].availabilityZoneId", "required");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAzId("s", "10.0.1.0/24", "use1-az7")), List.of())),
        "InvalidParameterValue", "vpcs[0].subnets[0]", "use1-az7");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAz("s", "10.0.1.0/24", "us-east-1q")), List.of())),
        "InvalidParameterValue", "vpcs[0].subnets[0]", "us-east-1q");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(new SubnetSpec("s", "10.0.1.0/24", "use1-az1", "us-east-1a")), List.of())),
        "InvalidParameterCombination", "vpcs[0].subnets[0]");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAzId(null, "10.0.1.0/24", "use1-az1")), List.of())),
        "InvalidParameterValue", "vpcs[0].subnets[0].name");
  }

  @Test
  void ruleProblemsNameTheRule() {
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("a", List.of(), List.of()),
            group("b", List.of(tcp(80, "0.0.0.0/0"), new RuleYaml("tcp", null, 90, 80, "0.0.0.0/0", null, null)), List.of())))),
        "InvalidParameterValue", "scenario vpcs[0].securityGroups[1].ingress[1]: ");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("a", List.of(),
            List.of(new RuleYaml("tcp", 80, null, null, "0.0.0.0/0", "a", null)))))),
        "InvalidParameterCombination", "vpcs[0].securityGroups[0].egress[0]");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("a", List.of(),
            List.of(new RuleYaml("gre", null, null, null, "0.0.0.0/0", null, null)))))),
        "InvalidParameterValue", "vpcs[0].securityGroups[0].egress[0]", "gre");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("a", List.of(tcpFromGroup(80, "b")), List.of())))),
        "InvalidParameterValue", "vpcs[0].securityGroups[0].ingress[0].sourceGroup", "b");
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group(null, List.of(), List.of())))),
        "InvalidParameterValue", "vpcs[0].securityGroups[0].name");
  }

  @Test
  void sourceGroupsOfAnotherVpcAreNotVisible() {
    scenarios.refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("shared", List.of(), List.of()))),
            vpc("w", A, "10.1.0.0/16", List.of(), List.of(group("app", List.of(tcpFromGroup(80, "shared")), List.of())))),
        "InvalidParameterValue", "vpcs[1].securityGroups[0].ingress[0].sourceGroup", "shared");
  }

  @Test
  void aRefusedScenarioLeavesNothingBehindEvenOnAnEmptyState() {
    Scenario bad = new Scenario("bad", OPERATOR_TOKEN, List.of(Fixtures.account(A, "a", TOKEN_A)),
        List.of(Fixtures.usEast1()), List.of(vpc("v", A, "10.0.0.0/16"), vpc("w", A, "bogus")));
    AwsError e = scenarios.refused(Desired.empty(), bad, "InvalidParameterValue", "vpcs[1]", "bogus");
    assertNotNull(e);
    Fixtures.Outcome o = scenarios.apply(Desired.empty(), bad);
    assertEquals(Desired.empty(), o.state());
    assertNull(o.result());
  }
}
