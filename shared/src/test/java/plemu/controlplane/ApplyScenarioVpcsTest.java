package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.A;
import static plemu.controlplane.Fixtures.B;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.REGION;
import static plemu.controlplane.Fixtures.ZONE_IDS;
import static plemu.controlplane.Fixtures.worldWith;
import static plemu.controlplane.ScenarioSpecs.applied;
import static plemu.controlplane.ScenarioSpecs.group;
import static plemu.controlplane.ScenarioSpecs.groupNamed;
import static plemu.controlplane.ScenarioSpecs.only;
import static plemu.controlplane.ScenarioSpecs.subnetInAz;
import static plemu.controlplane.ScenarioSpecs.subnetInAzId;
import static plemu.controlplane.ScenarioSpecs.subnetNamed;
import static plemu.controlplane.ScenarioSpecs.tcp;
import static plemu.controlplane.ScenarioSpecs.tcpFromGroup;
import static plemu.controlplane.ScenarioSpecs.vpc;
import static plemu.controlplane.ScenarioSpecs.vpcNamed;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import plemu.model.AzMapping;
import plemu.model.Cidr;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.Subnet;
import plemu.model.Vpc;
import plemu.scenario.Scenario;
import plemu.scenario.Scenario.RuleYaml;
import plemu.scenario.Scenario.SecurityGroupSpec;
import plemu.scenario.Scenario.VpcSpec;

/**
 * {@link ApplyScenario} on the VPCs of a scenario file: the VPCs, subnets, security groups and
 * rules it creates, and applying it again: nothing is created twice, VPCs are matched by name per
 * account (also one created through the API), new subnets and rules are added, DNS attributes
 * follow the file, and a changed CIDR is refused.
 */
class ApplyScenarioVpcsTest {

  private final IdSource ids = Fixtures.ids();
  private final ScenarioSpecs.Applier scenarios = new ScenarioSpecs.Applier(ids);

  /** Like config/scenarios/default.yaml, plus a group reference and AZ names. */
  private static Scenario full() {
    VpcSpec provider = new VpcSpec("provider-vpc", A, REGION, "10.0.0.0/16", null, true,
        List.of(subnetInAzId("provider-az1", "10.0.1.0/24", "use1-az1"),
            subnetInAzId("provider-az2", "10.0.2.0/24", "use1-az2"),
            subnetInAzId("provider-az3", "10.0.3.0/24", "use1-az3")),
        List.of(new SecurityGroupSpec("service", "service targets", List.of(tcp(80, "10.0.0.0/16")), List.of()),
            group("db", List.of(tcpFromGroup(5432, "service")),
                List.of(new RuleYaml("udp", null, 1000, 2000, "10.0.0.0/8", null, "range")))));
    VpcSpec consumer = new VpcSpec("consumer-vpc", B, REGION, "10.0.0.0/16", null, true,
        List.of(subnetInAz("consumer-a", "10.0.1.0/24", "us-east-1a")),
        List.of(group("clients", List.of(), List.of())));
    return worldWith(List.of(provider, consumer));
  }

  // ---- VPCs, subnets, groups ----

  @Test
  void appliesVpcsSubnetsAndGroups() {
    Fixtures.Outcome o = scenarios.apply(Desired.empty(), full());
    ApplyScenario.Applied a = applied(o);
    Desired d = o.state();

    Vpc provider = vpcNamed(d, A, "provider-vpc");
    Vpc consumer = vpcNamed(d, B, "consumer-vpc");
    assertEquals(provider.cidr(), consumer.cidr(), "VPCs of different accounts may overlap");
    assertTrue(provider.enableDnsSupport());
    assertTrue(provider.enableDnsHostnames());
    assertEquals(REGION, provider.region());

    assertEquals("use1-az1", subnetNamed(d, provider.vpcId(), "provider-az1").zoneId());
    assertEquals("use1-az2", subnetNamed(d, provider.vpcId(), "provider-az2").zoneId());
    assertEquals(Cidr.parse("10.0.3.0/24"), subnetNamed(d, provider.vpcId(), "provider-az3").cidr());
    Subnet consumerA = subnetNamed(d, consumer.vpcId(), "consumer-a");
    assertEquals(AzMapping.forAccount(B, REGION, ZONE_IDS).get("us-east-1a"), consumerA.zoneId());
    assertEquals(B, consumerA.ownerId());

    SecurityGroup service = groupNamed(d, provider.vpcId(), "service");
    assertEquals("service targets", service.description());
    assertEquals(1, service.ingress().size());
    SecurityGroupRule http = service.ingress().get(0);
    assertEquals("tcp", http.ipProtocol());
    assertEquals(80, http.fromPort());
    assertEquals(80, http.toPort());
    assertEquals(Cidr.parse("10.0.0.0/16"), http.cidr());
    assertEquals(1, service.egress().size(), "the default egress rule");

    SecurityGroup db = groupNamed(d, provider.vpcId(), "db");
    assertEquals("db", db.description(), "description defaults to the name");
    assertEquals(service.groupId(), db.ingress().get(0).referencedGroupId());
    assertEquals(5432, db.ingress().get(0).fromPort());
    SecurityGroupRule range = db.egress().stream().filter(r -> r.ipProtocol().equals("udp")).findFirst().orElseThrow();
    assertEquals(1000, range.fromPort());
    assertEquals(2000, range.toPort());
    assertEquals("range", range.description());
    assertEquals(2, db.egress().size());

    groupNamed(d, provider.vpcId(), "default");
    SecurityGroup clients = groupNamed(d, consumer.vpcId(), "clients");
    assertEquals(B, clients.ownerId());

    Set<String> expected = Set.of(provider.vpcId(), consumer.vpcId(),
        subnetNamed(d, provider.vpcId(), "provider-az1").subnetId(),
        subnetNamed(d, provider.vpcId(), "provider-az2").subnetId(),
        subnetNamed(d, provider.vpcId(), "provider-az3").subnetId(), consumerA.subnetId(),
        service.groupId(), db.groupId(), clients.groupId());
    assertEquals(expected, new HashSet<>(a.created()));
    assertEquals(expected.size(), a.created().size());
    assertEquals(List.of(), a.unchanged());
    assertEquals(2, d.vpcs().size());
    assertEquals(4, d.subnets().size());
    assertEquals(5, d.securityGroups().size(), "3 named groups and 2 default groups");
  }

  @Test
  void applyingTwiceCreatesNothingTheSecondTime() {
    Fixtures.Outcome first = scenarios.apply(Desired.empty(), full());
    ApplyScenario.Applied a1 = applied(first);
    Fixtures.Outcome second = scenarios.apply(first.state(), full());
    ApplyScenario.Applied a2 = applied(second);

    assertEquals(List.of(), a2.created());
    assertEquals(a1.created(), a2.unchanged());
    assertEquals(first.state(), second.state());
    assertEquals(List.of(), second.state().changes(first.state()));

    Fixtures.Outcome third = scenarios.apply(second.state(), full());
    assertEquals(List.of(), applied(third).created());
    assertEquals(first.state(), third.state());
  }

  @Test
  void applyingTwiceInOneWriteIsAlsoIdempotent() {
    Desired.Builder b = Desired.empty().toBuilder();
    ApplyScenario.Applied a1 = new ApplyScenario(full()).apply(b, ids);
    Desired once = b.build();
    ApplyScenario.Applied a2 = new ApplyScenario(full()).apply(b, ids);
    assertEquals(List.of(), a2.created());
    assertEquals(a1.created(), a2.unchanged());
    assertEquals(once, b.build());
  }

  @Test
  void aNewSubnetIsAddedToAnExistingVpc() {
    Desired first = scenarios.apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16",
        List.of(subnetInAzId("s1", "10.0.1.0/24", "use1-az1")), List.of()))).state();
    Fixtures.Outcome o = scenarios.apply(first, only(vpc("v", A, "10.0.0.0/16",
        List.of(subnetInAzId("s1", "10.0.1.0/24", "use1-az1"), subnetInAzId("s2", "10.0.2.0/24", "use1-az2")), List.of())));
    ApplyScenario.Applied a = applied(o);
    Vpc v = vpcNamed(o.state(), A, "v");
    assertEquals(List.of(subnetNamed(o.state(), v.vpcId(), "s2").subnetId()), a.created());
    assertEquals(List.of(v.vpcId(), subnetNamed(o.state(), v.vpcId(), "s1").subnetId()), a.unchanged());
    assertEquals(1, o.state().changes(first).size());
  }

  @Test
  void aNewRuleIsAddedToAnExistingGroupOnce() {
    Desired first = scenarios.apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16", List.of(),
        List.of(group("web", List.of(tcp(80, "0.0.0.0/0")), List.of()))))).state();
    Scenario more = only(vpc("v", A, "10.0.0.0/16", List.of(),
        List.of(group("web", List.of(tcp(80, "0.0.0.0/0"), tcp(443, "0.0.0.0/0"), tcp(443, "0.0.0.0/0")), List.of()))));
    Fixtures.Outcome o = scenarios.apply(first, more);
    assertEquals(List.of(), applied(o).created());
    SecurityGroup web = groupNamed(o.state(), vpcNamed(o.state(), A, "v").vpcId(), "web");
    assertEquals(List.of(80, 443), web.ingress().stream().map(SecurityGroupRule::fromPort).toList());
    assertEquals(o.state(), scenarios.apply(o.state(), more).state());
  }

  @Test
  void rulesCanTargetTheDefaultGroupAndGroupsDefinedLater() {
    Desired d = scenarios.apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(
        group("app", List.of(tcpFromGroup(8080, "lb"), tcpFromGroup(22, "default")), List.of()),
        group("lb", List.of(), List.of()),
        group("default", List.of(tcp(22, "10.0.0.0/8")), List.of()))))).state();
    String vpcId = vpcNamed(d, A, "v").vpcId();
    SecurityGroup app = groupNamed(d, vpcId, "app");
    SecurityGroup def = groupNamed(d, vpcId, "default");
    assertEquals(List.of(groupNamed(d, vpcId, "lb").groupId(), def.groupId()),
        app.ingress().stream().map(SecurityGroupRule::referencedGroupId).toList());
    assertTrue(def.ingress().stream().anyMatch(r -> Cidr.parse("10.0.0.0/8").equals(r.cidr())), "rules added to the default group");
  }

  @Test
  void allProtocolRuleWithoutPorts() {
    Desired d = scenarios.apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(
        group("g", List.of(new RuleYaml("all", null, null, null, "10.0.0.0/8", null, null)), List.of()))))).state();
    SecurityGroupRule r = groupNamed(d, vpcNamed(d, A, "v").vpcId(), "g").ingress().get(0);
    assertEquals("-1", r.ipProtocol());
    assertEquals(-1, r.fromPort());
  }

  @Test
  void dnsAttributesAreUpdatedOnReapply() {
    Desired first = scenarios.apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16"))).state();
    Vpc before = vpcNamed(first, A, "v");
    assertTrue(before.enableDnsSupport());
    assertFalse(before.enableDnsHostnames());

    VpcSpec hostnames = new VpcSpec("v", A, REGION, "10.0.0.0/16", null, true, List.of(), List.of());
    Fixtures.Outcome o = scenarios.apply(first, only(hostnames));
    assertEquals(List.of(), applied(o).created());
    assertEquals(before.withDns(true, true), vpcNamed(o.state(), A, "v"));

    // Leaving the attributes out keeps them.
    assertEquals(o.state(), scenarios.apply(o.state(), only(vpc("v", A, "10.0.0.0/16"))).state());
  }

  @Test
  void dnsHostnamesNeedDnsSupport() {
    scenarios.refused(only(new VpcSpec("v", A, REGION, "10.0.0.0/16", false, true, List.of(), List.of())),
        "InvalidParameterValue", "vpcs[0].enableDnsHostnames");
    Desired withHostnames = scenarios.apply(Fixtures.base(), only(new VpcSpec("v", A, REGION, "10.0.0.0/16", null, true, List.of(), List.of())))
        .state();
    scenarios.refused(withHostnames, only(new VpcSpec("v", A, REGION, "10.0.0.0/16", false, null, List.of(), List.of())),
        "InvalidParameterValue", "vpcs[0].enableDnsHostnames");
    Desired off = scenarios.apply(withHostnames, only(new VpcSpec("v", A, REGION, "10.0.0.0/16", false, false, List.of(), List.of()))).state();
    Vpc v = vpcNamed(off, A, "v");
    assertFalse(v.enableDnsSupport());
    assertFalse(v.enableDnsHostnames());
  }

  @Test
  void aChangedVpcCidrIsRefused() {
    Desired first = scenarios.apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16"))).state();
    String vpcId = vpcNamed(first, A, "v").vpcId();
    scenarios.refused(first, only(vpc("v", A, "10.1.0.0/16")), "InvalidParameterValue", "vpcs[0].cidrBlock", vpcId, "10.1.0.0/16");
  }

  @Test
  void vpcsAreMatchedByNamePerAccount() {
    Fixtures.Outcome o = scenarios.apply(Fixtures.base(), only(vpc("main", A, "10.0.0.0/16"), vpc("main", B, "10.0.0.0/16"),
        vpc("other", A, "10.0.0.0/16")));
    assertEquals(3, applied(o).created().size());
    assertEquals(3, o.state().vpcs().size());
    assertNotEquals(vpcNamed(o.state(), A, "main").vpcId(), vpcNamed(o.state(), B, "main").vpcId());
    // The same VPC listed twice is created once.
    Fixtures.Outcome twice = scenarios.apply(Fixtures.base(), only(vpc("main", A, "10.0.0.0/16"), vpc("main", A, "10.0.0.0/16")));
    assertEquals(1, applied(twice).created().size());
    assertEquals(1, applied(twice).unchanged().size());
  }

  @Test
  void aVpcCreatedThroughTheApiIsAdoptedByName() {
    Desired.Builder b = Fixtures.baseBuilder();
    Vpc made = Fixtures.ok(b, ids, new VpcActions.CreateVpc(CA, "10.0.0.0/16", Fixtures.name("v")));
    Fixtures.Outcome o = scenarios.apply(b.build(), only(vpc("v", A, "10.0.0.0/16")));
    assertEquals(List.of(made.vpcId()), applied(o).unchanged());
    assertEquals(b.build(), o.state());
  }

  @Test
  void aScenarioWithOnlyVpcsUsesTheAccountsAndRegionsAlreadyThere() {
    Fixtures.Outcome o = scenarios.apply(Fixtures.base(), only(vpc("v", B, "192.168.0.0/24")));
    assertEquals(1, applied(o).created().size());
    assertEquals(Fixtures.base().accounts(), o.state().accounts());
    assertEquals(Fixtures.base().tokens(), o.state().tokens());
  }

  // ---- Bug demonstrations ----

  @Test
  void aChangedSubnetCidrIsRefusedLikeAChangedVpcCidr() {
    Desired first = scenarios.apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16",
        List.of(subnetInAzId("s", "10.0.1.0/24", "use1-az1")), List.of()))).state();
    scenarios.refused(first, only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAzId("s", "10.0.2.0/24", "use1-az1")), List.of())),
        "InvalidParameterValue", "vpcs[0].subnets[0].cidrBlock");
  }

  @Test
  void aCidrWithSpacesIsIdempotent() {
    Scenario s = only(vpc("v", A, "10.0.0.0/16 "));
    Fixtures.Outcome once = scenarios.apply(Fixtures.base(), s);
    applied(once);
    Desired first = once.state();
    Fixtures.Outcome again = scenarios.apply(first, s);
    assertEquals(List.of(), applied(again).created());
    assertEquals(first, again.state());
  }
}
