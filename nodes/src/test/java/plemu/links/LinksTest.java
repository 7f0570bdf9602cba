package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's links: profiles, the operator's settings over them, clearing back, and DescribeLinks' view. */
class LinksTest {
  final Links links = new Links(LinkSettings.fromConfig(ConfigFactory.load().getConfig("plemu.links")),
      (at, task) -> () -> {}, az -> "us-east-1");
  final LinkId crossZone = new LinkId(Place.az("use1-az1"), Place.az("use1-az2"), LinkKind.CROSS_ZONE);
  final LinkId sameZone = new LinkId(Place.az("use1-az1"), Place.az("use1-az1"), LinkKind.SAME_ZONE);
  final ImpairmentChain cut = ImpairmentChain.of(ImpairmentSpec.of("blackhole"));

  @Test
  void aLinkStartsWithItsProfileAndTheOperatorsSettingsReplaceAndRestoreIt() {
    Link link = links.link(Place.az("use1-az1"), Place.az("use1-az2"));
    assertSame(link, links.link(crossZone));
    ImpairmentChain profile = link.profile(Direction.UPSTREAM);
    assertEquals(profile, link.chain(Direction.UPSTREAM).current().chain());

    links.apply(LinkImpairments.NONE.with(LinkImpairments.Setting.onKind(LinkKind.CROSS_ZONE, Direction.UPSTREAM, cut)));
    assertEquals(cut, link.chain(Direction.UPSTREAM).current().chain());
    assertEquals(profile, link.chain(Direction.DOWNSTREAM).current().chain(), "the other direction keeps its profile");
    Link later = links.link(new LinkId(Place.az("use1-az2"), Place.az("use1-az1"), LinkKind.CROSS_ZONE));
    assertEquals(cut, later.chain(Direction.UPSTREAM).current().chain(), "a link made later gets the kind's setting");

    links.apply(links.impairments().without(LinkKind.CROSS_ZONE, null, Direction.UPSTREAM));
    assertEquals(profile, link.chain(Direction.UPSTREAM).current().chain(), "clearing restores the profile");
  }

  @Test
  void describeShowsEveryLinkWithItsProfileAndChain() {
    links.link(sameZone);
    links.link(crossZone);
    links.apply(LinkImpairments.NONE.with(LinkImpairments.Setting.onLink(sameZone, Direction.DOWNSTREAM, cut)));
    List<Links.View> views = links.describe();
    assertEquals(List.of(sameZone, crossZone), views.stream().map(Links.View::link).toList(), "sorted by name");
    Links.View same = views.get(0);
    assertEquals(ImpairmentChain.EMPTY, same.downstreamProfile());
    assertEquals(cut, same.downstream());
    assertEquals(ImpairmentChain.EMPTY, same.upstream());
  }
}
