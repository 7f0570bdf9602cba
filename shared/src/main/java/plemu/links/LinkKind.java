package plemu.links;

import java.util.function.Function;
import plemu.model.KryoSerializable;

/**
 * The kinds of hop that link profiles ({@code plemu.links.profiles}) give defaults for, named as in
 * config and the API.
 */
public enum LinkKind implements KryoSerializable {
  SAME_ZONE("same-zone"),
  CROSS_ZONE("cross-zone"),
  CROSS_REGION("cross-region"),
  ON_PREMISES("on-premises"),
  /** From a client outside the emulation (the host) into it. */
  HOST("host");

  private final String configName;

  LinkKind(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static LinkKind named(String name) {
    for (LinkKind k : values()) if (k.configName.equals(name)) return k;
    throw new IllegalArgumentException("unknown kind of link " + name);
  }

  /**
   * The kind of a link between two places: host if either end is the host, on-premises if either is
   * a site, cross-region if their regions differ ({@code regionOfAz} maps an AZ ID to its region),
   * same-zone for one AZ, else cross-zone.
   */
  public static LinkKind between(Place a, Place b, Function<String, String> regionOfAz) {
    if (a.kind() == Place.Kind.HOST || b.kind() == Place.Kind.HOST) return HOST;
    if (a.kind() == Place.Kind.ON_PREMISES || b.kind() == Place.Kind.ON_PREMISES) return ON_PREMISES;
    if (!region(a, regionOfAz).equals(region(b, regionOfAz))) return CROSS_REGION;
    if (a.kind() == Place.Kind.AZ && a.equals(b)) return SAME_ZONE;
    return CROSS_ZONE;
  }

  private static String region(Place p, Function<String, String> regionOfAz) {
    return p.kind() == Place.Kind.AZ ? regionOfAz.apply(p.name()) : p.name();
  }
}
