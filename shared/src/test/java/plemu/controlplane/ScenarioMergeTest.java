package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.A;
import static plemu.controlplane.Fixtures.B;
import static plemu.controlplane.Fixtures.REGION;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import plemu.model.Account;
import plemu.scenario.Scenario;

/** A scenario applied over an existing world adds to it and never takes over or drops what is there. */
class ScenarioMergeTest {

  @Test
  void theOperatorTokenCannotTakeAnAccountsToken() {
    Scenario s = new Scenario("x", Fixtures.TOKEN_A, List.of(), List.of(), List.of());
    Fixtures.Outcome o = Fixtures.write(Fixtures.base(), Fixtures.ids(), new ApplyScenario(s));
    assertEquals("InvalidParameterValue", o.error().code());
    Fixtures.assertMessageContains(o.error(), "operatorToken", A);
  }

  @Test
  void aRegionGainsZonesButKeepsTheOldOnesAndEveryAccountNamesTheNewOne() {
    Scenario onlyNew = new Scenario("x", null, List.of(),
        List.of(new Scenario.RegionSpec(REGION, null, List.of(new Scenario.ZoneSpec("use1-az4", null, null)))), List.of());
    Fixtures.Outcome o = Fixtures.write(Fixtures.base(), Fixtures.ids(), new ApplyScenario(onlyNew));
    assertEquals(null, o.error());
    assertEquals(List.of("use1-az4", "use1-az1", "use1-az2", "use1-az3"), o.state().region(REGION).orElseThrow().zoneIds());
    for (String account : List.of(A, B)) {
      Account acct = o.state().account(account).orElseThrow();
      assertTrue(acct.zoneNameOf("use1-az4").isPresent(), account + " has no name for the new AZ");
      assertEquals("us-east-1d", acct.zoneNameOf("use1-az4").get());
      // the old names stay as they were
      Account before = Fixtures.base().account(account).orElseThrow();
      for (String z : Fixtures.ZONE_IDS) assertEquals(before.zoneNameOf(z), acct.zoneNameOf(z));
    }
    // every zone has its own host address pool
    var pools = o.state().region(REGION).orElseThrow().zones().stream().map(z -> z.hostPool()).distinct().count();
    assertEquals(4, pools);
  }

  @Test
  void fixedZoneNamesAreHonoured() {
    Scenario s = new Scenario("x", null, List.of(new Scenario.AccountSpec("333333333333", "c", "token-c",
        Map.of("us-east-1a", "use1-az3", "us-east-1b", "use1-az1", "us-east-1c", "use1-az2"))), List.of(), List.of());
    Fixtures.Outcome o = Fixtures.write(Fixtures.base(), Fixtures.ids(), new ApplyScenario(s));
    assertEquals("us-east-1a", o.state().account("333333333333").orElseThrow().zoneNameOf("use1-az3").orElseThrow());
  }
}
