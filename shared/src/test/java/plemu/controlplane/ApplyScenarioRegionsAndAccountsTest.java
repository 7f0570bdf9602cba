package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.A;
import static plemu.controlplane.Fixtures.B;
import static plemu.controlplane.Fixtures.OPERATOR_TOKEN;
import static plemu.controlplane.Fixtures.REGION;
import static plemu.controlplane.Fixtures.TOKEN_A;
import static plemu.controlplane.Fixtures.TOKEN_B;
import static plemu.controlplane.Fixtures.ZONE_IDS;
import static plemu.controlplane.ScenarioSpecs.applied;
import static plemu.controlplane.ScenarioSpecs.only;
import static plemu.controlplane.ScenarioSpecs.subnetInAz;
import static plemu.controlplane.ScenarioSpecs.subnetNamed;
import static plemu.controlplane.ScenarioSpecs.vpc;
import static plemu.controlplane.ScenarioSpecs.vpcNamed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import plemu.model.Account;
import plemu.model.ApiToken;
import plemu.model.AzMapping;
import plemu.model.RegionInfo;
import plemu.model.Subnet;
import plemu.model.Vpc;
import plemu.scenario.Scenario;
import plemu.scenario.Scenario.AccountSpec;
import plemu.scenario.Scenario.VpcSpec;

/**
 * {@link ApplyScenario} on the world a scenario file sets up: regions and their AZs with the nodes
 * that serve them, accounts and their API tokens (a token belongs to one account and is never the
 * operator's), with refusals that name the field; and each account's AZ names: derived per
 * account or fixed by the file, and stable when the file is applied again or the region gains an AZ.
 */
class ApplyScenarioRegionsAndAccountsTest {

  private final ScenarioSpecs.Applier scenarios = new ScenarioSpecs.Applier(Fixtures.ids());

  // ---- regions, accounts, tokens ----

  @Test
  void regionsAccountsAndTokens() {
    Fixtures.Outcome o = scenarios.apply(Desired.empty(), Fixtures.world());
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
    Fixtures.Outcome o = scenarios.apply(Desired.empty(), s);
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
    scenarios.refused(Desired.empty(), s, "InvalidParameterValue", "accounts[1].token", A);
  }

  @Test
  void aTokenAlreadyHeldByAnotherAccountIsRefused() {
    Scenario s = new Scenario("steal", null, List.of(Fixtures.account(B, "b", TOKEN_A)), List.of(), List.of());
    scenarios.refused(s, "InvalidParameterValue", "accounts[0].token", A);
  }

  @Test
  void theOperatorTokenCannotBeAnAccountToken() {
    Scenario s = new Scenario("op", "shared", List.of(Fixtures.account(A, "a", "shared")),
        List.of(Fixtures.usEast1()), List.of());
    scenarios.refused(Desired.empty(), s, "InvalidParameterValue", "accounts[0].token", "operator");
    scenarios.refused(Fixtures.base(), new Scenario("op", null, List.of(Fixtures.account(A, "a", OPERATOR_TOKEN)), List.of(), List.of()),
        "InvalidParameterValue", "accounts[0].token", "operator");
  }

  @Test
  void accountAndRegionValidationNamesTheField() {
    scenarios.refused(new Scenario("x", null, List.of(Fixtures.account("12345", "a", null)), List.of(), List.of()),
        "InvalidParameterValue", "accounts[0].id", "12345");
    scenarios.refused(new Scenario("x", null, List.of(Fixtures.account(A, "a", null), Fixtures.account(null, "b", null)),
        List.of(), List.of()), "InvalidParameterValue", "accounts[1].id", "required");
    scenarios.refused(new Scenario("x", null, List.of(), List.of(new Scenario.RegionSpec(null, null, List.of(new Scenario.ZoneSpec("z", null, null)))),
        List.of()), "InvalidParameterValue", "regions[0].name");
    scenarios.refused(new Scenario("x", null, List.of(), List.of(new Scenario.RegionSpec("eu-west-1", null, List.of())), List.of()),
        "InvalidParameterValue", "regions[0].availabilityZones");
    scenarios.refused(new Scenario("x", null, List.of(), List.of(new Scenario.RegionSpec("eu-west-1", null,
            List.of(new Scenario.ZoneSpec("euw1-az1", null, null), new Scenario.ZoneSpec("euw1-az1", null, null)))), List.of()),
        "InvalidParameterValue", "regions[0].availabilityZones[1].id", "euw1-az1");
    scenarios.refused(new Scenario("x", null, List.of(), List.of(new Scenario.RegionSpec("eu-west-1", null,
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
    Fixtures.Outcome o = scenarios.apply(Desired.empty(), withZoneNames(names, List.of(
        vpc("v", A, "10.0.0.0/16", List.of(subnetInAz("s", "10.0.1.0/24", "us-east-1a")), List.of()))));
    Desired d = o.state();
    applied(o);
    assertEquals(names, Fixtures.zoneNamesOf(d, A));
    Vpc v = vpcNamed(d, A, "v");
    assertEquals(names.get("us-east-1a"), subnetNamed(d, v.vpcId(), "s").zoneId());
  }

  @Test
  void zoneNamesMustNameEachAzOnce() {
    scenarios.refused(Desired.empty(), withZoneNames(Map.of("us-east-1a", "use1-az1"), List.of()),
        "InvalidParameterValue", "accounts[0].zoneNames", REGION);
    scenarios.refused(Desired.empty(), withZoneNames(Map.of("us-east-1a", "use1-az1", "us-east-1b", "use1-az1", "us-east-1c", "use1-az2"),
        List.of()), "InvalidParameterValue", "accounts[0].zoneNames");
    scenarios.refused(Desired.empty(), withZoneNames(Map.of("us-east-1a", "use1-az1", "us-east-1b", "use1-az2", "eu-west-1c", "use1-az3"),
        List.of()), "InvalidParameterValue", "accounts[0].zoneNames", "eu-west-1c");
  }

  @Test
  void azNamesAreStableWhenReapplied() {
    Desired first = Fixtures.base();
    Fixtures.Outcome again = scenarios.apply(first, Fixtures.world());
    applied(again);
    assertEquals(first, again.state());
    assertEquals(first.account(A), again.state().account(A));
  }

  @Test
  void fixedAzNamesAreKeptWhenTheFileNoLongerFixesThem() {
    Map<String, String> names = rotatedNames(A);
    Desired fixed = scenarios.apply(Desired.empty(), withZoneNames(names, List.of())).state();
    Desired later = scenarios.apply(fixed, withZoneNames(null, List.of())).state();
    assertEquals(names, Fixtures.zoneNamesOf(later, A), "names are not re-derived on re-apply");
    assertEquals(fixed, later);
  }

  @Test
  void aZoneAddedToTheRegionKeepsTheExistingNames() {
    Desired first = Fixtures.base();
    Map<String, String> before = Fixtures.zoneNamesOf(first, A);
    Scenario.RegionSpec bigger = new Scenario.RegionSpec(REGION, null, List.of(new Scenario.ZoneSpec("use1-az1", null, null),
        new Scenario.ZoneSpec("use1-az2", null, null), new Scenario.ZoneSpec("use1-az3", null, null), new Scenario.ZoneSpec("use1-az4", null, null)));
    Fixtures.Outcome o = scenarios.apply(first, new Scenario("more", null, List.of(Fixtures.account(A, "provider", TOKEN_A)),
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
    Desired later = scenarios.apply(Fixtures.base(), new Scenario("more", null, List.of(Fixtures.account(A, "provider", TOKEN_A)),
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
    Desired d = scenarios.apply(Fixtures.base(), only(
        vpc("main", A, "10.0.0.0/16", List.of(subnetInAz("s", "10.0.1.0/24", differing)), List.of()),
        vpc("main", B, "10.0.0.0/16", List.of(subnetInAz("s", "10.0.1.0/24", differing)), List.of()))).state();
    Subnet sa = subnetNamed(d, vpcNamed(d, A, "main").vpcId(), "s");
    Subnet sb = subnetNamed(d, vpcNamed(d, B, "main").vpcId(), "s");
    assertEquals(namesA.get(differing), sa.zoneId());
    assertEquals(namesB.get(differing), sb.zoneId());
    assertNotEquals(sa.zoneId(), sb.zoneId());
  }
}
