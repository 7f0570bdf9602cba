package plemu.links;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import plemu.model.KryoSerializable;

/**
 * The chains the operator set (SetLinkImpairments), over the profiles that config gives: per
 * direction, on one link or on every link of a kind. A link's chain in a direction is the one set
 * on that link, else the one set on its kind, else its profile's ({@link #chainFor}); clearing a
 * setting brings the next one back. Immutable: each change gives a new value, which is what gets
 * replicated.
 */
public record LinkImpairments(List<Setting> settings) implements KryoSerializable {
  public static final LinkImpairments NONE = new LinkImpairments(List.of());

  /** A chain set on one link ({@code link} not null; {@code kind} is its kind) or on a whole kind ({@code link} null). */
  public record Setting(LinkKind kind, LinkId link, Direction direction, ImpairmentChain chain) implements KryoSerializable {
    public Setting {
      if (kind == null || direction == null || chain == null) throw new IllegalArgumentException("incomplete setting");
      if (link != null && link.kind() != kind) throw new IllegalArgumentException(link + " is not " + kind.configName());
    }

    public static Setting onLink(LinkId link, Direction direction, ImpairmentChain chain) {
      return new Setting(link.kind(), link, direction, chain);
    }

    public static Setting onKind(LinkKind kind, Direction direction, ImpairmentChain chain) {
      return new Setting(kind, null, direction, chain);
    }

    boolean sameScope(LinkKind k, LinkId l, Direction d) {
      return kind == k && java.util.Objects.equals(link, l) && direction == d;
    }
  }

  public LinkImpairments {
    settings = settings == null ? List.of() : List.copyOf(settings);
  }

  /** These settings with {@code setting} replacing any earlier one of the same scope and direction. */
  public LinkImpairments with(Setting setting) {
    List<Setting> out = new ArrayList<>();
    for (Setting s : settings) if (!s.sameScope(setting.kind(), setting.link(), setting.direction())) out.add(s);
    out.add(setting);
    return new LinkImpairments(out);
  }

  /** These settings without the one on {@code link} ({@code null}: on the whole {@code kind}) in {@code direction}. */
  public LinkImpairments without(LinkKind kind, LinkId link, Direction direction) {
    return new LinkImpairments(settings.stream().filter(s -> !s.sameScope(kind, link, direction)).toList());
  }

  /** The chain the operator set for this link and direction (on the link, else on its kind), if any. */
  public Optional<ImpairmentChain> chainFor(LinkId link, Direction direction) {
    Optional<ImpairmentChain> ofKind = Optional.empty();
    for (Setting s : settings) {
      if (s.direction() != direction || s.kind() != link.kind()) continue;
      if (link.equals(s.link())) return Optional.of(s.chain());
      if (s.link() == null) ofKind = Optional.of(s.chain());
    }
    return ofKind;
  }
}
