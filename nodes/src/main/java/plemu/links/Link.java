package plemu.links;

/** A link as this node runs it: its profile and the live chain of each direction. */
public final class Link {
  private final LinkId id;
  private final ImpairmentChain upstreamProfile;
  private final ImpairmentChain downstreamProfile;
  private final LiveChain upstream;
  private final LiveChain downstream;

  Link(LinkId id, ImpairmentChain upstreamProfile, ImpairmentChain downstreamProfile, ImpairmentChain upstream,
      ImpairmentChain downstream) {
    this.id = id;
    this.upstreamProfile = upstreamProfile;
    this.downstreamProfile = downstreamProfile;
    this.upstream = new LiveChain(upstream);
    this.downstream = new LiveChain(downstream);
  }

  public LinkId id() {
    return id;
  }

  /** The chain config gives this link in direction {@code d}. */
  public ImpairmentChain profile(Direction d) {
    return d == Direction.UPSTREAM ? upstreamProfile : downstreamProfile;
  }

  /** The chain flows cross now in direction {@code d}. */
  public LiveChain chain(Direction d) {
    return d == Direction.UPSTREAM ? upstream : downstream;
  }
}
