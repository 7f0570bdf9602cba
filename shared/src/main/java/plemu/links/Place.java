package plemu.links;

import plemu.controlplane.AwsError;
import plemu.model.KryoSerializable;

/**
 * One end of a link: an Availability Zone (by AZ ID), a region, an on-premises site, or the host (a
 * client outside the emulation). Written {@code az:use1-az1}, {@code region:us-east-1},
 * {@code on-premises:dc1} and {@code host}.
 */
public record Place(Kind kind, String name) implements KryoSerializable {
  public enum Kind implements KryoSerializable {
    AZ("az"),
    REGION("region"),
    ON_PREMISES("on-premises"),
    HOST("host");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  /** The host: a client outside the emulation. */
  public static final Place HOST = new Place(Kind.HOST, "host");

  public Place {
    if (kind == null || name == null || name.isEmpty()) throw new IllegalArgumentException("a place needs a kind and a name");
  }

  public static Place az(String azId) {
    return new Place(Kind.AZ, azId);
  }

  public static Place region(String region) {
    return new Place(Kind.REGION, region);
  }

  public static Place onPremises(String site) {
    return new Place(Kind.ON_PREMISES, site);
  }

  /** The place written {@code text} (see the class comment); refused with InvalidParameterValue otherwise. */
  public static Place parse(String parameter, String text) {
    if (text.equals(HOST.toString())) return HOST;
    int colon = text.indexOf(':');
    if (colon > 0 && colon < text.length() - 1) {
      String prefix = text.substring(0, colon);
      for (Kind k : Kind.values())
        if (k != Kind.HOST && k.prefix.equals(prefix)) return new Place(k, text.substring(colon + 1));
    }
    throw AwsError.invalidValue(parameter, text,
        "A place is az:<AZ ID>, region:<region>, on-premises:<site> or host.").exception();
  }

  @Override
  public String toString() {
    return kind == Kind.HOST ? "host" : kind.prefix + ":" + name;
  }
}
