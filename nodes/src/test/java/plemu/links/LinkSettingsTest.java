package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import plemu.controlplane.AwsException;

/** Link profiles from config: the shipped defaults, the none switch, region pairs, refusals. */
class LinkSettingsTest {
  static final Function<String, String> REGION_OF = Map.of("use1-az1", "us-east-1", "use1-az2", "us-east-1",
      "euw1-az1", "eu-west-1", "apse2-az1", "ap-southeast-2", "sae1-az1", "sa-east-1")::get;

  static LinkSettings settings(String overrides) {
    Config c = ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load());
    return LinkSettings.fromConfig(c.getConfig("plemu.links"));
  }

  static LinkId link(String from, String to) {
    return LinkId.between(Place.az(from), Place.az(to), REGION_OF);
  }

  @Test
  void theShippedDefaultsPutSubMillisecondLatencyBetweenZonesOnly() {
    LinkSettings s = settings("");
    ImpairmentChain crossZone = s.profile(link("use1-az1", "use1-az2"), Direction.UPSTREAM, REGION_OF);
    Latency latency = (Latency) crossZone.parse().get(0);
    assertTrue(latency.delayMs() > 0 && latency.delayMs() < 1, "sub-millisecond: " + latency);
    assertTrue(latency.jitterMs() > 0 && latency.jitterMs() < latency.delayMs());
    assertEquals(crossZone, s.profile(link("use1-az1", "use1-az2"), Direction.DOWNSTREAM, REGION_OF));
    assertTrue(s.profile(link("use1-az1", "use1-az1"), Direction.UPSTREAM, REGION_OF).isEmpty());
    assertTrue(s.profile(LinkId.between(Place.HOST, Place.az("use1-az1"), REGION_OF), Direction.UPSTREAM, REGION_OF).isEmpty());
    assertEquals(4L << 20, s.bufferBytes());
  }

  @Test
  void noneLeavesEveryLinkWithoutImpairment() {
    LinkSettings s = settings("plemu.links.defaults = none");
    for (LinkId l : new LinkId[] {link("use1-az1", "use1-az2"), link("use1-az1", "euw1-az1")})
      assertTrue(s.profile(l, Direction.UPSTREAM, REGION_OF).isEmpty());
  }

  @Test
  void crossRegionLinksTakeTheirPairsOneWayLatency() {
    LinkSettings s = settings("");
    Latency listed = (Latency) s.profile(link("euw1-az1", "use1-az1"), Direction.UPSTREAM, REGION_OF).parse().get(0);
    assertEquals(34.8, listed.delayMs(), 1e-9); // (69.6 + 69.6) / 2 / 2 from REFERENCE.md 6.3
    Latency unlisted = (Latency) s.profile(link("apse2-az1", "sae1-az1"), Direction.UPSTREAM, REGION_OF).parse().get(0);
    assertEquals(55, unlisted.delayMs(), 1e-9);
  }

  @Test
  void aProfileMayDifferPerDirection() {
    LinkSettings s = settings("""
        plemu.links.profiles.on-premises {
          upstream = [{ type = bandwidth, bytesPerSecond = 1250000 }]
          downstream = [{ type = latency, delayMs = 12 }, { type = bandwidth, bytesPerSecond = 12500000 }]
        }""");
    LinkId site = LinkId.between(Place.onPremises("dc1"), Place.az("use1-az1"), REGION_OF);
    assertEquals(new Bandwidth(1_250_000, 12_500), s.profile(site, Direction.UPSTREAM, REGION_OF).parse().get(0));
    assertEquals(2, s.profile(site, Direction.DOWNSTREAM, REGION_OF).impairments().size());
  }

  @Test
  void aBadProfileIsRefusedAtStartWithTheApisMessage() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> settings("plemu.links.profiles.cross-zone = [{ type = latency, delayMs = -1 }]"));
    assertTrue(e.getMessage().contains("latency.delayMs is a time in milliseconds"), e.getMessage());
    assertThrows(ConfigException.class, () -> settings("plemu.links.defaults = maybe"));
  }

  @Test
  void aLiveChainRefusesABadChainAndKeepsItsOwn() {
    LiveChain chain = new LiveChain(ImpairmentChain.of(ImpairmentSpec.of("latency", "delayMs", "1")));
    LiveChain.Snapshot before = chain.current();
    assertThrows(AwsException.class, () -> chain.set(ImpairmentChain.of(ImpairmentSpec.of("latency", "delayMs", "x"))));
    assertEquals(before, chain.current());
    chain.set(before.chain());
    assertEquals(before, chain.current(), "setting the same chain changes nothing");
  }
}
