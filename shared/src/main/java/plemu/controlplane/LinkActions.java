package plemu.controlplane;

import java.util.List;
import plemu.links.Direction;
import plemu.links.ImpairmentChain;
import plemu.links.LinkId;
import plemu.links.LinkImpairments;
import plemu.links.LinkKind;

/**
 * The operator's writes to the links' impairments (SetLinkImpairments, ClearLinkImpairments): one
 * replicated row, so every AZ node applies them in order, and they survive restarts.
 */
public final class LinkActions {
  private LinkActions() {}

  static LinkImpairments current(Desired.Builder s) {
    return s.get(Table.LINK_IMPAIRMENTS, Table.LINK_IMPAIRMENTS_ROW).orElse(LinkImpairments.NONE);
  }

  static void store(Desired.Builder s, LinkImpairments next) {
    if (next.settings().isEmpty()) s.remove(Table.LINK_IMPAIRMENTS, Table.LINK_IMPAIRMENTS_ROW);
    else s.put(Table.LINK_IMPAIRMENTS, Table.LINK_IMPAIRMENTS_ROW, next);
  }

  /** Sets {@code chain} on one link ({@code link}) or on every link of {@code kind}, in {@code directions}. */
  public record SetLinkImpairments(LinkKind kind, LinkId link, List<Direction> directions, ImpairmentChain chain)
      implements Mutation {
    @Override
    public LinkImpairments apply(Desired.Builder s, IdSource ids) {
      ImpairmentChain checked = ImpairmentChain.validated(chain.impairments());
      LinkImpairments next = current(s);
      for (Direction d : directions)
        next = next.with(link != null ? LinkImpairments.Setting.onLink(link, d, checked)
            : LinkImpairments.Setting.onKind(kind, d, checked));
      store(s, next);
      return next;
    }
  }

  /** Clears what was set on one link, on a kind of link, or ({@code kind} null) everything, in {@code directions}. */
  public record ClearLinkImpairments(LinkKind kind, LinkId link, List<Direction> directions) implements Mutation {
    @Override
    public LinkImpairments apply(Desired.Builder s, IdSource ids) {
      LinkImpairments next = current(s);
      if (kind == null) next = LinkImpairments.NONE;
      else for (Direction d : directions) next = next.without(kind, link, d);
      store(s, next);
      return next;
    }
  }
}
