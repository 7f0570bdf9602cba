package plemu.links;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import plemu.controlplane.AwsException;

/**
 * Settings of the links ({@code plemu.links}): the profile (default chains) of each kind of link,
 * the one-way latency between region pairs, what a flow may hold per direction, and the timer's
 * spin. With {@code defaults = none} no link has a default impairment (tests, benchmarks); the
 * operator's settings still apply.
 */
public record LinkSettings(boolean defaults, Map<LinkKind, Profile> profiles, Map<RegionPair, Double> regionOneWayMs,
    long bufferBytes, int bufferChunks, Duration timerSpin) {

  /** The default chains of a kind of link, per direction. */
  public record Profile(ImpairmentChain upstream, ImpairmentChain downstream) {
    public static final Profile NONE = new Profile(ImpairmentChain.EMPTY, ImpairmentChain.EMPTY);

    public ImpairmentChain chain(Direction d) {
      return d == Direction.UPSTREAM ? upstream : downstream;
    }
  }

  /** Two regions, in either order. */
  public record RegionPair(String a, String b) {
    public RegionPair {
      if (a.compareTo(b) > 0) {
        String t = a;
        a = b;
        b = t;
      }
    }
  }

  public LinkSettings {
    profiles = Map.copyOf(profiles);
    regionOneWayMs = Map.copyOf(regionOneWayMs);
  }

  /** No default impairment anywhere, the reference buffers and spin (tests). */
  public static LinkSettings none() {
    return new LinkSettings(false, Map.of(), Map.of(), 4L << 20, 4096, Duration.ofNanos(150_000));
  }

  public static LinkSettings fromConfig(Config links) {
    String defaults = links.getString("defaults");
    if (!defaults.equals("on") && !defaults.equals("none"))
      throw new ConfigException.BadValue(links.origin(), "defaults", "is on or none, not " + defaults);
    Map<LinkKind, Profile> profiles = new EnumMap<>(LinkKind.class);
    for (LinkKind kind : LinkKind.values()) {
      String path = "profiles." + kind.configName();
      if (links.hasPath(path)) profiles.put(kind, profile(links, path));
    }
    Map<RegionPair, Double> pairs = new HashMap<>();
    ConfigObject table = links.getObject("region-one-way-ms");
    for (String a : table.keySet()) {
      Config row = links.getConfig("region-one-way-ms").getConfig(quote(a));
      for (String b : row.root().keySet()) pairs.put(new RegionPair(a, b), row.getDouble(quote(b)));
    }
    return new LinkSettings(defaults.equals("on"), profiles, pairs, links.getBytes("buffer-bytes"),
        links.getInt("buffer-chunks"), links.getDuration("timer.spin"));
  }

  /** The default chain of {@code link} in direction {@code d}; {@code regionOfAz} maps an AZ ID to its region. */
  public ImpairmentChain profile(LinkId link, Direction d, Function<String, String> regionOfAz) {
    if (!defaults) return ImpairmentChain.EMPTY;
    ImpairmentChain chain = profiles.getOrDefault(link.kind(), Profile.NONE).chain(d);
    if (link.kind() != LinkKind.CROSS_REGION) return chain;
    Double oneWay = regionOneWayMs.get(new RegionPair(region(link.from(), regionOfAz), region(link.to(), regionOfAz)));
    if (oneWay == null) return chain;
    List<ImpairmentSpec> specs = new ArrayList<>();
    for (ImpairmentSpec s : chain.impairments()) {
      if (!s.type().equals(Latency.TYPE.name())) specs.add(s);
      else {
        Map<String, String> attributes = new LinkedHashMap<>(s.attributes());
        attributes.put("delayMs", Double.toString(oneWay));
        specs.add(new ImpairmentSpec(s.type(), attributes));
      }
    }
    return new ImpairmentChain(specs);
  }

  private static String region(Place p, Function<String, String> regionOfAz) {
    return p.kind() == Place.Kind.AZ ? regionOfAz.apply(p.name()) : p.name();
  }

  private static Profile profile(Config links, String path) {
    ConfigValue v = links.getValue(path);
    if (v.valueType() == ConfigValueType.LIST) {
      ImpairmentChain both = chain(links, path);
      return new Profile(both, both);
    }
    Config c = links.getConfig(path);
    return new Profile(c.hasPath("upstream") ? chain(c, "upstream") : ImpairmentChain.EMPTY,
        c.hasPath("downstream") ? chain(c, "downstream") : ImpairmentChain.EMPTY);
  }

  /** A list of {@code { type = latency, delayMs = 0.5 }} objects, checked as the API checks a chain. */
  private static ImpairmentChain chain(Config c, String path) {
    ConfigList list = c.getList(path);
    List<ImpairmentSpec> specs = new ArrayList<>();
    for (ConfigValue item : list) {
      if (item.valueType() != ConfigValueType.OBJECT)
        throw new ConfigException.BadValue(item.origin(), path, "an impairment is an object such as { type = latency, delayMs = 5 }");
      Map<String, String> attributes = new LinkedHashMap<>();
      ((ConfigObject) item).unwrapped().forEach((k, value) -> attributes.put(k, String.valueOf(value)));
      String type = attributes.remove("type");
      if (type == null) throw new ConfigException.BadValue(item.origin(), path, "an impairment needs a type");
      specs.add(new ImpairmentSpec(type, attributes));
    }
    try {
      return ImpairmentChain.validated(specs);
    } catch (AwsException e) {
      throw new ConfigException.BadValue(list.origin(), path, e.error().message());
    }
  }

  private static String quote(String key) {
    return com.typesafe.config.ConfigUtil.quoteString(key);
  }
}
