package plemu.links;

import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import plemu.controlplane.AwsException;

/**
 * The links of one node: each one's profile (from {@link LinkSettings}) and live chains, the
 * operator's settings over them ({@link #apply}), and the stages that put a link into a flow. A link
 * exists once a flow (or the caller) asks for it.
 */
public final class Links {
  private static final Logger log = LoggerFactory.getLogger(Links.class);

  /** A link as DescribeLinks shows it: its profile and its current chain, per direction. */
  public record View(LinkId link, ImpairmentChain upstreamProfile, ImpairmentChain downstreamProfile,
      ImpairmentChain upstream, ImpairmentChain downstream) {}

  private final LinkSettings settings;
  private final LinkTimer timer;
  private final Function<String, String> regionOfAz;
  private final ConcurrentHashMap<LinkId, Link> links = new ConcurrentHashMap<>();
  private volatile LinkImpairments impairments = LinkImpairments.NONE;

  /** {@code regionOfAz} maps an AZ ID to its region (for the kind and the profile of a link). */
  public Links(LinkSettings settings, LinkTimer timer, Function<String, String> regionOfAz) {
    this.settings = settings;
    this.timer = timer;
    this.regionOfAz = regionOfAz;
  }

  /** The link between two places. */
  public Link link(Place from, Place to) {
    return link(LinkId.between(from, to, regionOfAz));
  }

  /** The link {@code id}, with its profile and the operator's settings, made on first use. */
  public Link link(LinkId id) {
    Link l = links.get(id);
    if (l != null) return l;
    synchronized (this) {
      return links.computeIfAbsent(id, i -> {
        ImpairmentChain up = settings.profile(i, Direction.UPSTREAM, regionOfAz);
        ImpairmentChain down = settings.profile(i, Direction.DOWNSTREAM, regionOfAz);
        return new Link(i, up, down, impairments.chainFor(i, Direction.UPSTREAM).orElse(up),
            impairments.chainFor(i, Direction.DOWNSTREAM).orElse(down));
      });
    }
  }

  /** Makes {@code next} the operator's settings: every link's chains become what they say, or the profile's. */
  public synchronized void apply(LinkImpairments next) {
    impairments = next;
    for (Link l : links.values())
      for (Direction d : Direction.values()) {
        try {
          l.chain(d).set(next.chainFor(l.id(), d).orElse(l.profile(d)));
        } catch (AwsException e) {
          log.warn("link {} {}: the chain set is refused ({}); it keeps the one it had", l.id(), d.apiName(), e.getMessage());
        }
      }
  }

  public LinkImpairments impairments() {
    return impairments;
  }

  /** Every link this node knows, with its profile and its current chain. */
  public List<View> describe() {
    return links.values().stream().sorted(Comparator.comparing(l -> l.id().toString()))
        .map(l -> new View(l.id(), l.profile(Direction.UPSTREAM), l.profile(Direction.DOWNSTREAM),
            l.chain(Direction.UPSTREAM).current().chain(), l.chain(Direction.DOWNSTREAM).current().chain()))
        .toList();
  }

  /** The stage of one direction of link {@code id}, for one flow. */
  public Flow<ByteString, ByteString, NotUsed> flow(LinkId id, Direction d) {
    return flow(link(id).chain(d), timer, settings);
  }

  /**
   * Both directions of link {@code id}: upstream on top (from the side that opened the flow),
   * downstream below; {@code bidi(id).join(Tcp.get(system).outgoingConnection(...))} puts a link in
   * front of a connection.
   */
  public BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> bidi(LinkId id) {
    return BidiFlow.fromFlows(flow(id, Direction.UPSTREAM), flow(id, Direction.DOWNSTREAM));
  }

  /** The stage that applies {@code chain} to one direction of one flow. */
  public static Flow<ByteString, ByteString, NotUsed> flow(LiveChain chain, LinkTimer timer, LinkSettings settings) {
    return Flow.fromGraph(new ImpairmentStage(chain, timer,
        () -> new SplittableRandom(ThreadLocalRandom.current().nextLong()), settings.bufferBytes(), settings.bufferChunks()));
  }
}
