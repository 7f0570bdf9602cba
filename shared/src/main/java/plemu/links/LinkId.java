package plemu.links;

import java.util.function.Function;
import plemu.model.KryoSerializable;

/**
 * A link: the hop from one place to another. Links are directed: {@code from} is the side that opens
 * connections over it (the client's side), so the link from use1-az1 to use1-az2 and the link back
 * are two links, each with an upstream and a downstream chain.
 */
public record LinkId(Place from, Place to, LinkKind kind) implements KryoSerializable {
  public LinkId {
    if (from == null || to == null || kind == null) throw new IllegalArgumentException("a link needs two places and a kind");
  }

  /** The link from {@code from} to {@code to}, its kind given by {@link LinkKind#between}. */
  public static LinkId between(Place from, Place to, Function<String, String> regionOfAz) {
    return new LinkId(from, to, LinkKind.between(from, to, regionOfAz));
  }

  @Override
  public String toString() {
    return from + "->" + to;
  }
}
