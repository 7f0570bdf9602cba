package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.A;
import static plemu.controlplane.Fixtures.B;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.OPERATOR_TOKEN;
import static plemu.controlplane.Fixtures.REGION;
import static plemu.controlplane.Fixtures.TOKEN_A;
import static plemu.controlplane.Fixtures.TOKEN_B;
import static plemu.controlplane.Fixtures.ZONE_IDS;
import static plemu.controlplane.Fixtures.assertMessageContains;
import static plemu.controlplane.Fixtures.worldWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import plemu.model.Account;
import plemu.model.ApiToken;
import plemu.model.AzMapping;
import plemu.model.Cidr;
import plemu.model.RegionInfo;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.Subnet;
import plemu.model.Tag;
import plemu.model.Vpc;
import plemu.scenario.Scenario;
import plemu.scenario.Scenario.AccountSpec;
import plemu.scenario.Scenario.RuleYaml;
import plemu.scenario.Scenario.SecurityGroupSpec;
import plemu.scenario.Scenario.SubnetSpec;
import plemu.scenario.Scenario.VpcSpec;

class ApplyScenarioTest {

  private IdSource ids;

  @BeforeEach
  void setUp() {
    ids = Fixtures.ids();
  }

  // ---- scenario building blocks ----

  private static VpcSpec vpc(String name, String account, String cidr, List<SubnetSpec> subnets, List<SecurityGroupSpec> groups) {
    return new VpcSpec(name, account, REGION, cidr, null, null, subnets, groups);
  }

  private static VpcSpec vpc(String name, String account, String cidr) {
    return vpc(name, account, cidr, List.of(), List.of());
  }

  private static SubnetSpec subnetInAzId(String name, String cidr, String zoneId) {
    return new SubnetSpec(name, cidr, zoneId, null);
  }

  private static SubnetSpec subnetInAz(String name, String cidr, String zoneName) {
    return new SubnetSpec(name, cidr, null, zoneName);
  }

  private static SecurityGroupSpec group(String name, List<RuleYaml> ingress, List<RuleYaml> egress) {
    return new SecurityGroupSpec(name, null, ingress, egress);
  }

  private static RuleYaml tcp(int port, String cidr) {
    return new RuleYaml("tcp", port, null, null, cidr, null, null);
  }

  private static RuleYaml tcpFromGroup(int port, String groupName) {
    return new RuleYaml("tcp", port, null, null, null, groupName, null);
  }

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

  private static Scenario only(VpcSpec... vpcs) {
    return new Scenario("only-vpcs", null, List.of(), List.of(), List.of(vpcs));
  }

  private Fixtures.Outcome apply(Desired before, Scenario scenario) {
    return Fixtures.write(before, ids, new ApplyScenario(scenario));
  }

  private ApplyScenario.Applied applied(Fixtures.Outcome o) {
    assertTrue(o.accepted(), () -> "refused: " + o.error());
    return (ApplyScenario.Applied) o.result();
  }

  /** Applies a scenario that must be refused; checks nothing would be committed; returns the error. */
  private AwsError refused(Desired before, Scenario scenario, String code, String... messageParts) {
    Fixtures.Outcome o = apply(before, scenario);
    assertFalse(o.accepted(), () -> "expected a refusal, got " + o.result());
    assertEquals(before, o.state());
    assertEquals(code, o.error().code(), () -> "unexpected error " + o.error());
    assertEquals(400, o.error().httpStatus());
    assertTrue(o.error().message().startsWith("scenario "), o.error().message());
    assertMessageContains(o.error(), messageParts);
    return o.error();
  }

  private AwsError refused(Scenario scenario, String code, String... messageParts) {
    return refused(Fixtures.base(), scenario, code, messageParts);
  }

  private static Vpc vpcNamed(Desired d, String account, String name) {
    List<Vpc> found = d.vpcs().values().stream()
        .filter(v -> v.ownerId().equals(account) && Tag.nameOf(v.tags()).equals(Optional.of(name))).toList();
    assertEquals(1, found.size(), () -> "VPCs named " + name + " of " + account + ": " + found);
    return found.get(0);
  }

  private static Subnet subnetNamed(Desired d, String vpcId, String name) {
    List<Subnet> found = d.subnets().values().stream()
        .filter(s -> s.vpcId().equals(vpcId) && Tag.nameOf(s.tags()).equals(Optional.of(name))).toList();
    assertEquals(1, found.size(), () -> "subnets named " + name + ": " + found);
    return found.get(0);
  }

  private static SecurityGroup groupNamed(Desired d, String vpcId, String name) {
    List<SecurityGroup> found = d.securityGroups().values().stream()
        .filter(g -> g.vpcId().equals(vpcId) && g.groupName().equals(name)).toList();
    assertEquals(1, found.size(), () -> "groups named " + name + ": " + found);
    return found.get(0);
  }

  // ---- regions, accounts, tokens ----

  @Test
  void regionsAccountsAndTokens() {
    Fixtures.Outcome o = apply(Desired.empty(), Fixtures.world());
    ApplyScenario.Applied a = applied(o);
    assertEquals("fixture", a.name());
    assertEquals(List.of(), a.created());
    assertEquals(List.of(), a.unchanged());

    Desired d = o.state();
    RegionInfo region = d.region(REGION).orElseThrow();
    assertEquals(REGION, region.node(), "the region node defaults to the region name");
    assertEquals(ZONE_IDS, region.zoneIds());
    region.zones().forEach(z -> assertEquals(z.zoneId(), z.node(), "an AZ node defaults to the AZ ID"));

    Account a1 = d.account(A).orElseThrow();
    assertEquals("provider", a1.name());
    assertEquals(AzMapping.forAccount(A, REGION, ZONE_IDS), new TreeMap<>(Fixtures.zoneNamesOf(d, A)));
    assertEquals(AzMapping.forAccount(B, REGION, ZONE_IDS), new TreeMap<>(Fixtures.zoneNamesOf(d, B)));
    assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"),
        a1.zoneNames().stream().map(Account.ZoneName::zoneName).toList(), "sorted by name");

    assertEquals(new ApiToken(TOKEN_A, A), d.tokens().get(TOKEN_A));
    assertEquals(new ApiToken(TOKEN_B, B), d.tokens().get(TOKEN_B));
    assertTrue(d.tokens().get(OPERATOR_TOKEN).isOperator());
    assertEquals(3, d.tokens().size());
    assertTrue(d.vpcs().isEmpty());
  }

  @Test
  void explicitNodesAreKeptAndAnUnnamedAccountIsNamedByItsId() {
    Scenario s = new Scenario("nodes", null, List.of(new AccountSpec("333333333333", null, null, null)),
        List.of(new Scenario.RegionSpec("eu-west-1", "node-r", List.of(new Scenario.ZoneSpec("euw1-az1", "node-z1", null)))),
        List.of());
    Fixtures.Outcome o = apply(Desired.empty(), s);
    applied(o);
    Desired d = o.state();
    assertEquals(new RegionInfo("eu-west-1", "node-r", List.of(new RegionInfo.Zone("euw1-az1", "node-z1", plemu.model.Cidr.parse("127.1.0.0/16"))),
        plemu.model.Cidr.parse("127.2.0.0/16")), d.region("eu-west-1").orElseThrow(),
        "the resolvers' pool is the first /16 after the zones'");
    Account acct = d.account("333333333333").orElseThrow();
    assertEquals("333333333333", acct.name());
    assertEquals(List.of(new Account.ZoneName("eu-west-1", "eu-west-1a", "euw1-az1")), acct.zoneNames());
    assertTrue(d.tokens().isEmpty());
  }

  @Test
  void aTokenUsedByTwoAccountsIsRefused() {
    Scenario s = new Scenario("dup", null,
        List.of(Fixtures.account(A, "a", "shared"), Fixtures.account(B, "b", "shared")),
        List.of(Fixtures.usEast1()), List.of());
    refused(Desired.empty(), s, "InvalidParameterValue", "accounts[1].token", A);
  }

  @Test
  void aTokenAlreadyHeldByAnotherAccountIsRefused() {
    Scenario s = new Scenario("steal", null, List.of(Fixtures.account(B, "b", TOKEN_A)), List.of(), List.of());
    refused(s, "InvalidParameterValue", "accounts[0].token", A);
  }

  @Test
  void theOperatorTokenCannotBeAnAccountToken() {
    Scenario s = new Scenario("op", "shared", List.of(Fixtures.account(A, "a", "shared")),
        List.of(Fixtures.usEast1()), List.of());
    refused(Desired.empty(), s, "InvalidParameterValue", "accounts[0].token", "operator");
    refused(Fixtures.base(), new Scenario("op", null, List.of(Fixtures.account(A, "a", OPERATOR_TOKEN)), List.of(), List.of()),
        "InvalidParameterValue", "accounts[0].token", "operator");
  }

  @Test
  void accountAndRegionValidationNamesTheField() {
    refused(new Scenario("x", null, List.of(Fixtures.account("12345", "a", null)), List.of(), List.of()),
        "InvalidParameterValue", "accounts[0].id", "12345");
    refused(new Scenario("x", null, List.of(Fixtures.account(A, "a", null), Fixtures.account(null, "b", null)),
        List.of(), List.of()), "InvalidParameterValue", "accounts[1].id", "required");
    refused(new Scenario("x", null, List.of(), List.of(new Scenario.RegionSpec(null, null, List.of(new Scenario.ZoneSpec("z", null, null)))),
        List.of()), "InvalidParameterValue", "regions[0].name");
    refused(new Scenario("x", null, List.of(), List.of(new Scenario.RegionSpec("eu-west-1", null, List.of())), List.of()),
        "InvalidParameterValue", "regions[0].availabilityZones");
    refused(new Scenario("x", null, List.of(), List.of(new Scenario.RegionSpec("eu-west-1", null,
            List.of(new Scenario.ZoneSpec("euw1-az1", null, null), new Scenario.ZoneSpec("euw1-az1", null, null)))), List.of()),
        "InvalidParameterValue", "regions[0].availabilityZones[1].id", "euw1-az1");
    refused(new Scenario("x", null, List.of(), List.of(new Scenario.RegionSpec("eu-west-1", null,
            List.of(new Scenario.ZoneSpec("euw1-az1", null, null), new Scenario.ZoneSpec(" ", null, null)))), List.of()),
        "InvalidParameterValue", "regions[0].availabilityZones[1].id");
  }

  // ---- AZ names ----

  /** A naming of the three AZs that differs from the one derived for {@code account}. */
  private static Map<String, String> rotatedNames(String account) {
    SortedMap<String, String> derived = AzMapping.forAccount(account, REGION, ZONE_IDS);
    List<String> names = new ArrayList<>(derived.keySet());
    List<String> values = new ArrayList<>(derived.values());
    Map<String, String> rotated = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) rotated.put(names.get(i), values.get((i + 1) % values.size()));
    assertNotEquals(derived, rotated);
    return rotated;
  }

  private static Scenario withZoneNames(Map<String, String> zoneNames, List<VpcSpec> vpcs) {
    return new Scenario("zones", null, List.of(new AccountSpec(A, "provider", TOKEN_A, zoneNames)),
        List.of(Fixtures.usEast1()), vpcs);
  }

  @Test
  void zoneNamesFixedByTheFileAreHonoured() {
    Map<String, String> names = rotatedNames(A);
    Fixtures.Outcome o = apply(Desired.empty(), withZoneNames(names, List.of(
        vpc("v", A, "10.0.0.0/16", List.of(subnetInAz("s", "10.0.1.0/24", "us-east-1a")), List.of()))));
    Desired d = o.state();
    applied(o);
    assertEquals(names, Fixtures.zoneNamesOf(d, A));
    Vpc v = vpcNamed(d, A, "v");
    assertEquals(names.get("us-east-1a"), subnetNamed(d, v.vpcId(), "s").zoneId());
  }

  @Test
  void zoneNamesMustNameEachAzOnce() {
    refused(Desired.empty(), withZoneNames(Map.of("us-east-1a", "use1-az1"), List.of()),
        "InvalidParameterValue", "accounts[0].zoneNames", REGION);
    refused(Desired.empty(), withZoneNames(Map.of("us-east-1a", "use1-az1", "us-east-1b", "use1-az1", "us-east-1c", "use1-az2"),
        List.of()), "InvalidParameterValue", "accounts[0].zoneNames");
    refused(Desired.empty(), withZoneNames(Map.of("us-east-1a", "use1-az1", "us-east-1b", "use1-az2", "eu-west-1c", "use1-az3"),
        List.of()), "InvalidParameterValue", "accounts[0].zoneNames", "eu-west-1c");
  }

  @Test
  void azNamesAreStableWhenReapplied() {
    Desired first = Fixtures.base();
    Fixtures.Outcome again = apply(first, Fixtures.world());
    applied(again);
    assertEquals(first, again.state());
    assertEquals(first.account(A), again.state().account(A));
  }

  @Test
  void fixedAzNamesAreKeptWhenTheFileNoLongerFixesThem() {
    Map<String, String> names = rotatedNames(A);
    Desired fixed = apply(Desired.empty(), withZoneNames(names, List.of())).state();
    Desired later = apply(fixed, withZoneNames(null, List.of())).state();
    assertEquals(names, Fixtures.zoneNamesOf(later, A), "names are not re-derived on re-apply");
    assertEquals(fixed, later);
  }

  @Test
  void aZoneAddedToTheRegionKeepsTheExistingNames() {
    Desired first = Fixtures.base();
    Map<String, String> before = Fixtures.zoneNamesOf(first, A);
    Scenario.RegionSpec bigger = new Scenario.RegionSpec(REGION, null, List.of(new Scenario.ZoneSpec("use1-az1", null, null),
        new Scenario.ZoneSpec("use1-az2", null, null), new Scenario.ZoneSpec("use1-az3", null, null), new Scenario.ZoneSpec("use1-az4", null, null)));
    Fixtures.Outcome o = apply(first, new Scenario("more", null, List.of(Fixtures.account(A, "provider", TOKEN_A)),
        List.of(bigger), List.of()));
    applied(o);
    Map<String, String> after = Fixtures.zoneNamesOf(o.state(), A);
    assertEquals(4, after.size(), after.toString());
    before.forEach((name, zoneId) -> assertEquals(zoneId, after.get(name), "AZ name " + name + " moved"));
    assertEquals("use1-az4", after.get("us-east-1d"));
  }

  @Test
  void aZoneAddedToTheRegionGetsANameForEveryAccountListed() {
    Scenario.RegionSpec bigger = new Scenario.RegionSpec(REGION, null, List.of(new Scenario.ZoneSpec("use1-az1", null, null),
        new Scenario.ZoneSpec("use1-az2", null, null), new Scenario.ZoneSpec("use1-az3", null, null), new Scenario.ZoneSpec("use1-az4", null, null)));
    Desired later = apply(Fixtures.base(), new Scenario("more", null, List.of(Fixtures.account(A, "provider", TOKEN_A)),
        List.of(bigger), List.of())).state();
    Map<String, String> names = Fixtures.zoneNamesOf(later, A);
    assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"), List.copyOf(names.keySet()));
    assertEquals(Set.of("use1-az1", "use1-az2", "use1-az3", "use1-az4"), new HashSet<>(names.values()));
  }

  @Test
  void subnetsByAzNameUseEachAccountsOwnNames() {
    Map<String, String> namesA = AzMapping.forAccount(A, REGION, ZONE_IDS);
    Map<String, String> namesB = AzMapping.forAccount(B, REGION, ZONE_IDS);
    String differing = namesA.keySet().stream().filter(n -> !namesA.get(n).equals(namesB.get(n))).findFirst().orElseThrow();
    Desired d = apply(Fixtures.base(), only(
        vpc("main", A, "10.0.0.0/16", List.of(subnetInAz("s", "10.0.1.0/24", differing)), List.of()),
        vpc("main", B, "10.0.0.0/16", List.of(subnetInAz("s", "10.0.1.0/24", differing)), List.of()))).state();
    Subnet sa = subnetNamed(d, vpcNamed(d, A, "main").vpcId(), "s");
    Subnet sb = subnetNamed(d, vpcNamed(d, B, "main").vpcId(), "s");
    assertEquals(namesA.get(differing), sa.zoneId());
    assertEquals(namesB.get(differing), sb.zoneId());
    assertNotEquals(sa.zoneId(), sb.zoneId());
  }

  // ---- VPCs, subnets, groups ----

  @Test
  void appliesVpcsSubnetsAndGroups() {
    Fixtures.Outcome o = apply(Desired.empty(), full());
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
    Fixtures.Outcome first = apply(Desired.empty(), full());
    ApplyScenario.Applied a1 = applied(first);
    Fixtures.Outcome second = apply(first.state(), full());
    ApplyScenario.Applied a2 = applied(second);

    assertEquals(List.of(), a2.created());
    assertEquals(a1.created(), a2.unchanged());
    assertEquals(first.state(), second.state());
    assertEquals(List.of(), second.state().changes(first.state()));

    Fixtures.Outcome third = apply(second.state(), full());
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
  void aScenarioIsAllOrNothing() {
    Desired before = Fixtures.base();
    Scenario bad = worldWith(List.of(
        vpc("one", A, "10.0.0.0/16", List.of(subnetInAzId("s", "10.0.1.0/24", "use1-az1")), List.of(group("g", List.of(), List.of()))),
        vpc("two", B, "10.0.0.0/16"),
        vpc("three", A, "10.0.0.0/8")));
    AwsError e = refused(before, bad, "InvalidVpc.Range", "vpcs[2]", "10.0.0.0/8");
    assertFalse(e.message().contains("vpcs[0]"));

    // Nothing of the first two VPCs was kept: a fixed file creates all three.
    Scenario good = worldWith(List.of(bad.vpcs().get(0), bad.vpcs().get(1), vpc("three", A, "10.1.0.0/16")));
    Fixtures.Outcome o = apply(before, good);
    assertEquals(5, applied(o).created().size());
    assertEquals(3, o.state().vpcs().size());
  }

  @Test
  void aLateFailureAlsoRollsBackEarlierVpcs() {
    Desired before = apply(Fixtures.base(), only(vpc("keep", A, "10.9.0.0/16"))).state();
    Scenario bad = only(vpc("keep", A, "10.9.0.0/16", List.of(subnetInAzId("new", "10.9.1.0/24", "use1-az1")), List.of()),
        vpc("two", A, "10.0.0.0/16"),
        vpc("three", A, "10.1.0.0/16", List.of(), List.of(group("g", List.of(tcpFromGroup(80, "nope")), List.of()))));
    refused(before, bad, "InvalidParameterValue", "vpcs[2].securityGroups[0].ingress[0].sourceGroup", "nope");
  }

  @Test
  void aNewSubnetIsAddedToAnExistingVpc() {
    Desired first = apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16",
        List.of(subnetInAzId("s1", "10.0.1.0/24", "use1-az1")), List.of()))).state();
    Fixtures.Outcome o = apply(first, only(vpc("v", A, "10.0.0.0/16",
        List.of(subnetInAzId("s1", "10.0.1.0/24", "use1-az1"), subnetInAzId("s2", "10.0.2.0/24", "use1-az2")), List.of())));
    ApplyScenario.Applied a = applied(o);
    Vpc v = vpcNamed(o.state(), A, "v");
    assertEquals(List.of(subnetNamed(o.state(), v.vpcId(), "s2").subnetId()), a.created());
    assertEquals(List.of(v.vpcId(), subnetNamed(o.state(), v.vpcId(), "s1").subnetId()), a.unchanged());
    assertEquals(1, o.state().changes(first).size());
  }

  @Test
  void aNewRuleIsAddedToAnExistingGroupOnce() {
    Desired first = apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16", List.of(),
        List.of(group("web", List.of(tcp(80, "0.0.0.0/0")), List.of()))))).state();
    Scenario more = only(vpc("v", A, "10.0.0.0/16", List.of(),
        List.of(group("web", List.of(tcp(80, "0.0.0.0/0"), tcp(443, "0.0.0.0/0"), tcp(443, "0.0.0.0/0")), List.of()))));
    Fixtures.Outcome o = apply(first, more);
    assertEquals(List.of(), applied(o).created());
    SecurityGroup web = groupNamed(o.state(), vpcNamed(o.state(), A, "v").vpcId(), "web");
    assertEquals(List.of(80, 443), web.ingress().stream().map(SecurityGroupRule::fromPort).toList());
    assertEquals(o.state(), apply(o.state(), more).state());
  }

  @Test
  void rulesCanTargetTheDefaultGroupAndGroupsDefinedLater() {
    Desired d = apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(
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
    Desired d = apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(
        group("g", List.of(new RuleYaml("all", null, null, null, "10.0.0.0/8", null, null)), List.of()))))).state();
    SecurityGroupRule r = groupNamed(d, vpcNamed(d, A, "v").vpcId(), "g").ingress().get(0);
    assertEquals("-1", r.ipProtocol());
    assertEquals(-1, r.fromPort());
  }

  @Test
  void dnsAttributesAreUpdatedOnReapply() {
    Desired first = apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16"))).state();
    Vpc before = vpcNamed(first, A, "v");
    assertTrue(before.enableDnsSupport());
    assertFalse(before.enableDnsHostnames());

    VpcSpec hostnames = new VpcSpec("v", A, REGION, "10.0.0.0/16", null, true, List.of(), List.of());
    Fixtures.Outcome o = apply(first, only(hostnames));
    assertEquals(List.of(), applied(o).created());
    assertEquals(before.withDns(true, true), vpcNamed(o.state(), A, "v"));

    // Leaving the attributes out keeps them.
    assertEquals(o.state(), apply(o.state(), only(vpc("v", A, "10.0.0.0/16"))).state());
  }

  @Test
  void dnsHostnamesNeedDnsSupport() {
    refused(only(new VpcSpec("v", A, REGION, "10.0.0.0/16", false, true, List.of(), List.of())),
        "InvalidParameterValue", "vpcs[0].enableDnsHostnames");
    Desired withHostnames = apply(Fixtures.base(), only(new VpcSpec("v", A, REGION, "10.0.0.0/16", null, true, List.of(), List.of())))
        .state();
    refused(withHostnames, only(new VpcSpec("v", A, REGION, "10.0.0.0/16", false, null, List.of(), List.of())),
        "InvalidParameterValue", "vpcs[0].enableDnsHostnames");
    Desired off = apply(withHostnames, only(new VpcSpec("v", A, REGION, "10.0.0.0/16", false, false, List.of(), List.of()))).state();
    Vpc v = vpcNamed(off, A, "v");
    assertFalse(v.enableDnsSupport());
    assertFalse(v.enableDnsHostnames());
  }

  @Test
  void aChangedVpcCidrIsRefused() {
    Desired first = apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16"))).state();
    String vpcId = vpcNamed(first, A, "v").vpcId();
    refused(first, only(vpc("v", A, "10.1.0.0/16")), "InvalidParameterValue", "vpcs[0].cidrBlock", vpcId, "10.1.0.0/16");
  }

  @Test
  void vpcsAreMatchedByNamePerAccount() {
    Fixtures.Outcome o = apply(Fixtures.base(), only(vpc("main", A, "10.0.0.0/16"), vpc("main", B, "10.0.0.0/16"),
        vpc("other", A, "10.0.0.0/16")));
    assertEquals(3, applied(o).created().size());
    assertEquals(3, o.state().vpcs().size());
    assertNotEquals(vpcNamed(o.state(), A, "main").vpcId(), vpcNamed(o.state(), B, "main").vpcId());
    // The same VPC listed twice is created once.
    Fixtures.Outcome twice = apply(Fixtures.base(), only(vpc("main", A, "10.0.0.0/16"), vpc("main", A, "10.0.0.0/16")));
    assertEquals(1, applied(twice).created().size());
    assertEquals(1, applied(twice).unchanged().size());
  }

  @Test
  void aVpcCreatedThroughTheApiIsAdoptedByName() {
    Desired.Builder b = Fixtures.baseBuilder();
    Vpc made = Fixtures.ok(b, ids, new VpcActions.CreateVpc(CA, "10.0.0.0/16", Fixtures.name("v")));
    Fixtures.Outcome o = apply(b.build(), only(vpc("v", A, "10.0.0.0/16")));
    assertEquals(List.of(made.vpcId()), applied(o).unchanged());
    assertEquals(b.build(), o.state());
  }

  @Test
  void aScenarioWithOnlyVpcsUsesTheAccountsAndRegionsAlreadyThere() {
    Fixtures.Outcome o = apply(Fixtures.base(), only(vpc("v", B, "192.168.0.0/24")));
    assertEquals(1, applied(o).created().size());
    assertEquals(Fixtures.base().accounts(), o.state().accounts());
    assertEquals(Fixtures.base().tokens(), o.state().tokens());
  }

  // ---- refusals name the field ----

  @Test
  void vpcFieldsAreRequired() {
    refused(only(vpc(null, A, "10.0.0.0/16")), "InvalidParameterValue", "vpcs[0].name", "required");
    refused(only(vpc("v", A, "10.0.0.0/16"), vpc("w", null, "10.0.0.0/16")), "InvalidParameterValue", "vpcs[1].account");
    refused(only(new VpcSpec("v", A, "", "10.0.0.0/16", null, null, List.of(), List.of())), "InvalidParameterValue", "vpcs[0].region");
    refused(only(vpc("v", A, null)), "InvalidParameterValue", "vpcs[0].cidrBlock");
  }

  @Test
  void unknownAccountOrRegion() {
    refused(only(vpc("v", "333333333333", "10.0.0.0/16")), "InvalidParameterValue", "vpcs[0].account", "333333333333");
    refused(only(new VpcSpec("v", A, "eu-west-9", "10.0.0.0/16", null, null, List.of(), List.of())),
        "InvalidParameterValue", "vpcs[0].region", "eu-west-9");
  }

  @Test
  void awsErrorsFromTheActionsKeepTheirCodeAndGainThePath() {
    refused(only(vpc("v", A, "10.0.0.0/12")), "InvalidVpc.Range", "scenario vpcs[0]: ", "10.0.0.0/12");
    refused(only(vpc("v", A, "10.0.0/16")), "InvalidParameterValue", "scenario vpcs[0]: ");
    refused(only(vpc("v", A, "10.0.0.0/16"), vpc("w", A, "10.1.0.0/16", List.of(subnetInAzId("s", "10.0.1.0/24", "use1-az1")), List.of())),
        "InvalidSubnet.Range", "scenario vpcs[1].subnets[0]: ", "10.0.1.0/24");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAzId("s", "10.0.1.0/24", "use1-az1"),
            subnetInAzId("t", "10.0.1.0/25", "use1-az2")), List.of())),
        "InvalidSubnet.Conflict", "scenario vpcs[0].subnets[1]: ");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAzId("s", null, "use1-az1")), List.of())),
        "MissingParameter", "scenario vpcs[0].subnets[0]: ", "CidrBlock");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("sg-web", List.of(), List.of())))),
        "InvalidParameterValue", "scenario vpcs[0].securityGroups[0]: ");
  }

  @Test
  void subnetAzProblemsNameTheSubnet() {
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(new SubnetSpec("s", "10.0.1.0/24", null, null)), List.of())),
        "InvalidParameterValue", "vpcs[0].subnets[0].availabilityZoneId", "required");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAzId("s", "10.0.1.0/24", "use1-az7")), List.of())),
        "InvalidParameterValue", "vpcs[0].subnets[0]", "use1-az7");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAz("s", "10.0.1.0/24", "us-east-1q")), List.of())),
        "InvalidParameterValue", "vpcs[0].subnets[0]", "us-east-1q");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(new SubnetSpec("s", "10.0.1.0/24", "use1-az1", "us-east-1a")), List.of())),
        "InvalidParameterCombination", "vpcs[0].subnets[0]");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAzId(null, "10.0.1.0/24", "use1-az1")), List.of())),
        "InvalidParameterValue", "vpcs[0].subnets[0].name");
  }

  @Test
  void ruleProblemsNameTheRule() {
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("a", List.of(), List.of()),
            group("b", List.of(tcp(80, "0.0.0.0/0"), new RuleYaml("tcp", null, 90, 80, "0.0.0.0/0", null, null)), List.of())))),
        "InvalidParameterValue", "scenario vpcs[0].securityGroups[1].ingress[1]: ");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("a", List.of(),
            List.of(new RuleYaml("tcp", 80, null, null, "0.0.0.0/0", "a", null)))))),
        "InvalidParameterCombination", "vpcs[0].securityGroups[0].egress[0]");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("a", List.of(),
            List.of(new RuleYaml("gre", null, null, null, "0.0.0.0/0", null, null)))))),
        "InvalidParameterValue", "vpcs[0].securityGroups[0].egress[0]", "gre");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("a", List.of(tcpFromGroup(80, "b")), List.of())))),
        "InvalidParameterValue", "vpcs[0].securityGroups[0].ingress[0].sourceGroup", "b");
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group(null, List.of(), List.of())))),
        "InvalidParameterValue", "vpcs[0].securityGroups[0].name");
  }

  @Test
  void sourceGroupsOfAnotherVpcAreNotVisible() {
    refused(only(vpc("v", A, "10.0.0.0/16", List.of(), List.of(group("shared", List.of(), List.of()))),
            vpc("w", A, "10.1.0.0/16", List.of(), List.of(group("app", List.of(tcpFromGroup(80, "shared")), List.of())))),
        "InvalidParameterValue", "vpcs[1].securityGroups[0].ingress[0].sourceGroup", "shared");
  }

  @Test
  void aRefusedScenarioLeavesNothingBehindEvenOnAnEmptyState() {
    Scenario bad = new Scenario("bad", OPERATOR_TOKEN, List.of(Fixtures.account(A, "a", TOKEN_A)),
        List.of(Fixtures.usEast1()), List.of(vpc("v", A, "10.0.0.0/16"), vpc("w", A, "bogus")));
    AwsError e = refused(Desired.empty(), bad, "InvalidParameterValue", "vpcs[1]", "bogus");
    assertNotNull(e);
    Fixtures.Outcome o = apply(Desired.empty(), bad);
    assertEquals(Desired.empty(), o.state());
    assertNull(o.result());
  }

  // ---- Bug demonstrations ----

  @Test
  void aChangedSubnetCidrIsRefusedLikeAChangedVpcCidr() {
    Desired first = apply(Fixtures.base(), only(vpc("v", A, "10.0.0.0/16",
        List.of(subnetInAzId("s", "10.0.1.0/24", "use1-az1")), List.of()))).state();
    refused(first, only(vpc("v", A, "10.0.0.0/16", List.of(subnetInAzId("s", "10.0.2.0/24", "use1-az1")), List.of())),
        "InvalidParameterValue", "vpcs[0].subnets[0].cidrBlock");
  }

  @Test
  void aCidrWithSpacesIsIdempotent() {
    Scenario s = only(vpc("v", A, "10.0.0.0/16 "));
    Fixtures.Outcome once = apply(Fixtures.base(), s);
    applied(once);
    Desired first = once.state();
    Fixtures.Outcome again = apply(first, s);
    assertEquals(List.of(), applied(again).created());
    assertEquals(first, again.state());
  }
}
