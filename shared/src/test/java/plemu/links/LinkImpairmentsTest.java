package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import plemu.controlplane.AwsException;

/** Links, their kinds, and which operator setting applies to a link. */
class LinkImpairmentsTest {
  static final Function<String, String> REGION_OF = Map.of("use1-az1", "us-east-1", "use1-az2", "us-east-1",
      "usw2-az1", "us-west-2")::get;
  static final LinkId AZ1_AZ2 = LinkId.between(Place.az("use1-az1"), Place.az("use1-az2"), REGION_OF);
  static final LinkId AZ2_AZ1 = LinkId.between(Place.az("use1-az2"), Place.az("use1-az1"), REGION_OF);
  static final ImpairmentChain SLOW = ImpairmentChain.of(ImpairmentSpec.of("latency", "delayMs", "5"));
  static final ImpairmentChain CUT = ImpairmentChain.of(ImpairmentSpec.of("blackhole"));

  @Test
  void theKindOfALinkFollowsItsPlaces() {
    assertEquals(LinkKind.SAME_ZONE, LinkKind.between(Place.az("use1-az1"), Place.az("use1-az1"), REGION_OF));
    assertEquals(LinkKind.CROSS_ZONE, AZ1_AZ2.kind());
    assertEquals(LinkKind.CROSS_REGION, LinkKind.between(Place.az("use1-az1"), Place.az("usw2-az1"), REGION_OF));
    assertEquals(LinkKind.CROSS_REGION, LinkKind.between(Place.region("us-west-2"), Place.az("use1-az1"), REGION_OF));
    assertEquals(LinkKind.ON_PREMISES, LinkKind.between(Place.onPremises("dc1"), Place.az("use1-az1"), REGION_OF));
    assertEquals(LinkKind.HOST, LinkKind.between(Place.HOST, Place.az("use1-az1"), REGION_OF));
    assertEquals("az:use1-az1->az:use1-az2", AZ1_AZ2.toString());
  }

  @Test
  void placesAndDirectionsReadTheirTextForms() {
    for (Place p : new Place[] {Place.az("use1-az1"), Place.region("eu-west-1"), Place.onPremises("dc-1"), Place.HOST})
      assertEquals(p, Place.parse("Place", p.toString()));
    assertEquals("InvalidParameterValue", assertThrows(AwsException.class, () -> Place.parse("From", "use1-az1")).error().code());
    assertEquals(Direction.DOWNSTREAM, Direction.parse("Direction", "downstream"));
    assertThrows(AwsException.class, () -> Direction.parse("Direction", "both"));
  }

  @Test
  void aSettingOnTheLinkWinsOverOneOnItsKind() {
    LinkImpairments none = LinkImpairments.NONE;
    assertEquals(Optional.empty(), none.chainFor(AZ1_AZ2, Direction.UPSTREAM));
    LinkImpairments onKind = none.with(LinkImpairments.Setting.onKind(LinkKind.CROSS_ZONE, Direction.UPSTREAM, SLOW));
    assertEquals(Optional.of(SLOW), onKind.chainFor(AZ1_AZ2, Direction.UPSTREAM));
    assertEquals(Optional.of(SLOW), onKind.chainFor(AZ2_AZ1, Direction.UPSTREAM));
    assertEquals(Optional.empty(), onKind.chainFor(AZ1_AZ2, Direction.DOWNSTREAM));
    LinkImpairments both = onKind.with(LinkImpairments.Setting.onLink(AZ1_AZ2, Direction.UPSTREAM, CUT));
    assertEquals(Optional.of(CUT), both.chainFor(AZ1_AZ2, Direction.UPSTREAM));
    assertEquals(Optional.of(SLOW), both.chainFor(AZ2_AZ1, Direction.UPSTREAM));
    // clearing the link's setting brings the kind's back; clearing that, the profile's (none here)
    LinkImpairments cleared = both.without(LinkKind.CROSS_ZONE, AZ1_AZ2, Direction.UPSTREAM);
    assertEquals(Optional.of(SLOW), cleared.chainFor(AZ1_AZ2, Direction.UPSTREAM));
    assertEquals(Optional.empty(), cleared.without(LinkKind.CROSS_ZONE, null, Direction.UPSTREAM)
        .chainFor(AZ1_AZ2, Direction.UPSTREAM));
  }

  @Test
  void settingTheSameScopeAgainReplacesIt() {
    LinkImpairments twice = LinkImpairments.NONE
        .with(LinkImpairments.Setting.onLink(AZ1_AZ2, Direction.DOWNSTREAM, SLOW))
        .with(LinkImpairments.Setting.onLink(AZ1_AZ2, Direction.DOWNSTREAM, CUT));
    assertEquals(1, twice.settings().size());
    assertEquals(Optional.of(CUT), twice.chainFor(AZ1_AZ2, Direction.DOWNSTREAM));
    assertThrows(IllegalArgumentException.class,
        () -> new LinkImpairments.Setting(LinkKind.SAME_ZONE, AZ1_AZ2, Direction.UPSTREAM, SLOW));
  }
}
