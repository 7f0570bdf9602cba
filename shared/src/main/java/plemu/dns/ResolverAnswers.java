package plemu.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import plemu.controlplane.Desired;
import plemu.model.Account;
import plemu.model.HostedZone;
import plemu.model.NetworkInterface;
import plemu.model.Vpc;
import plemu.model.VpcEndpoint;

/**
 * What a VPC's resolver answers, from the desired state and what it knows of the zones' health:
 *
 * <ul>
 *   <li>an interface endpoint's regional name: the host addresses of its interfaces whose zone
 *       serves (all of them when none does, as NLB's DNS fails open), rotated between queries;
 *   <li>its zonal names: the interface in that zone, serving or not;
 *   <li>a service's private DNS name as its endpoint serves it (verified; or the name the endpoint held
 *       before a failed re-check), or a name under its wildcard, only in a consumer VPC
 *       with DNS support and hostnames whose endpoint has private DNS on: a CNAME to the
 *       endpoint's regional name and that name's addresses, as AWS's hidden private zone does;
 *   <li>the records of the emulator's public hosted zones;
 *   <li>anything else: not ours ({@link Answer#owned()} false), for NXDOMAIN or an upstream.
 * </ul>
 *
 * Endpoint names answer only while the endpoint is {@code available}. Names are canonical (lower
 * case, trailing dot).
 */
public final class ResolverAnswers {
  private ResolverAnswers() {}

  /** TTL of endpoint names (AWS's NLB and endpoint records use 60 s). */
  public static final long ENDPOINT_TTL = 60;
  private static final String VPCE_DOMAIN = ".vpce.amazonaws.com.";

  /**
   * One resource record; {@code data} is an address for A, a name for CNAME, for TXT the value as
   * Route 53 holds it (quoted character strings, {@link plemu.controlplane.TxtValues}), the record
   * text else.
   */
  public record Record(String name, String type, long ttl, String data) {}

  /**
   * An answer: NXDOMAIN when the name does not exist, else NOERROR with the records (none: the
   * name exists without that type). {@code owned} is false for names the emulator does not serve.
   */
  public record Answer(boolean owned, boolean nameExists, List<Record> records, Optional<Record> soa) {
    static Answer notOurs() {
      return new Answer(false, false, List.of(), Optional.empty());
    }

    static Answer noSuchName(Optional<Record> soa) {
      return new Answer(true, false, List.of(), soa);
    }
  }

  /** Whether an endpoint's interface in one zone takes part in its regional answer. */
  public interface ZoneServing {
    boolean serving(VpcEndpoint endpoint, VpcEndpoint.Attachment attachment);

    ZoneServing ALL = (e, a) -> true;
  }

  /**
   * The answer of {@code vpc}'s resolver to {@code qname}/{@code qtype}; {@code rotation} (any
   * counter) sets the order of a regional answer's addresses.
   */
  public static Answer answer(Desired state, Vpc vpc, String qname, String qtype, ZoneServing zones, long rotation) {
    String name = qname.toLowerCase(Locale.ROOT);
    if (!name.endsWith(".")) name = name + ".";
    String type = qtype.toUpperCase(Locale.ROOT);
    Optional<Answer> privateName = privateDnsName(state, vpc, name, type, zones, rotation);
    if (privateName.isPresent()) return privateName.get();
    if (name.endsWith(VPCE_DOMAIN)) return endpointName(state, name, type, zones, rotation);
    return hostedZone(state, name, type);
  }

  // --- interface endpoint names -------------------------------------------------------------------

  private static Answer endpointName(Desired state, String name, String type, ZoneServing zones, long rotation) {
    for (VpcEndpoint e : state.vpcEndpoints().values()) {
      if (!e.available()) continue;
      if (name.equals(e.regionalDnsName() + ".")) {
        List<Record> a = regionalAddresses(state, e, name, zones, rotation);
        return found(type, a);
      }
      Account owner = state.accounts().get(e.ownerId());
      for (VpcEndpoint.Attachment at : e.attachments()) {
        String zoneName = owner == null ? at.zoneId() : owner.zoneNameOf(at.zoneId()).orElse(at.zoneId());
        if (name.equals(e.zonalDnsName(zoneName) + ".")) {
          NetworkInterface eni = state.networkInterfaces().get(at.networkInterfaceId());
          List<Record> a = eni == null ? List.of() : List.of(new Record(name, "A", ENDPOINT_TTL, eni.hostAddress()));
          return found(type, a);
        }
      }
    }
    return Answer.noSuchName(Optional.of(vpceSoa()));
  }

  /** The A records of an endpoint's serving interfaces (all when none serves), rotated. */
  static List<Record> regionalAddresses(Desired state, VpcEndpoint e, String name, ZoneServing zones, long rotation) {
    List<VpcEndpoint.Attachment> all = new ArrayList<>(e.attachments());
    all.sort(Comparator.comparing(VpcEndpoint.Attachment::zoneId));
    List<VpcEndpoint.Attachment> serving = all.stream().filter(a -> zones.serving(e, a)).toList();
    List<VpcEndpoint.Attachment> chosen = serving.isEmpty() ? all : serving;
    List<Record> out = new ArrayList<>();
    for (VpcEndpoint.Attachment a : chosen) {
      NetworkInterface eni = state.networkInterfaces().get(a.networkInterfaceId());
      if (eni != null) out.add(new Record(name, "A", ENDPOINT_TTL, eni.hostAddress()));
    }
    if (out.size() > 1) java.util.Collections.rotate(out, (int) Math.floorMod(rotation, (long) out.size()));
    return out;
  }

  /** A records when asked for A (or ANY); for other types the name exists without records. */
  private static Answer found(String type, List<Record> a) {
    boolean wanted = type.equals("A") || type.equals("ANY");
    return new Answer(true, true, wanted ? a : List.of(), wanted ? Optional.empty() : Optional.of(vpceSoa()));
  }

  private static Record vpceSoa() {
    return new Record("vpce.amazonaws.com.", "SOA", ENDPOINT_TTL,
        "ns-1.plemu.internal. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 60");
  }

  // --- private DNS names --------------------------------------------------------------------------

  private static Optional<Answer> privateDnsName(Desired state, Vpc vpc, String name, String type, ZoneServing zones,
      long rotation) {
    if (!vpc.enableDnsSupport() || !vpc.enableDnsHostnames()) return Optional.empty();
    // the most specific name wins: an exact name before any wildcard, a longer wildcard before a shorter
    VpcEndpoint best = null;
    int bestScore = -1;
    for (VpcEndpoint e : state.vpcEndpoints().values()) {
      if (!e.vpcId().equals(vpc.vpcId()) || !e.privateDnsEnabled() || !e.available()) continue;
      Optional<String> served = e.servedPrivateDnsName(state.endpointServices().get(e.serviceId()));
      if (served.isEmpty() || !matches(served.get() + ".", name)) continue;
      int score = served.get().startsWith("*.") ? served.get().length() : Integer.MAX_VALUE;
      if (score > bestScore) {
        best = e;
        bestScore = score;
      }
    }
    if (best != null) {
      VpcEndpoint e = best;
      String regional = e.regionalDnsName() + ".";
      Record cname = new Record(name, "CNAME", ENDPOINT_TTL, regional);
      List<Record> records = new ArrayList<>();
      if (type.equals("CNAME")) records.add(cname);
      else if (type.equals("A") || type.equals("ANY")) {
        records.add(cname);
        records.addAll(regionalAddresses(state, e, regional, zones, rotation));
      } else records.add(cname); // a resolver returns the CNAME for any other type, the target has nothing more
      return Optional.of(new Answer(true, true, records, Optional.empty()));
    }
    return Optional.empty();
  }

  /** {@code pattern} is a name or {@code *.domain}, which matches every name below the domain. */
  static boolean matches(String pattern, String name) {
    if (pattern.startsWith("*.")) return name.endsWith(pattern.substring(1)) && name.length() > pattern.length() - 1;
    return pattern.equals(name);
  }

  // --- public hosted zones ------------------------------------------------------------------------

  /** How many CNAMEs in a row are followed within the emulator's zones (a loop stops earlier). */
  static final int MAX_CNAME_CHAIN = 8;

  private static Answer hostedZone(Desired state, String name, String type) {
    return hostedZone(state, name, type, new LinkedHashSet<>());
  }

  /** {@code followed}: the names of this chain so far, so that a CNAME loop ends. */
  private static Answer hostedZone(Desired state, String name, String type, Set<String> followed) {
    HostedZone zone = state.hostedZones().values().stream()
        .filter(z -> z.contains(name))
        .max(Comparator.comparingInt(z -> z.name().length()))
        .orElse(null);
    if (zone == null) return Answer.notOurs();
    followed.add(name);
    Optional<Record> soa = zone.recordSets().stream().filter(r -> r.type().equals("SOA")).findFirst()
        .map(r -> new Record(zone.name(), "SOA", r.ttl(), r.values().get(0)));
    List<HostedZone.RecordSet> atName = recordSetsAt(zone, name);
    if (atName.isEmpty()) return Answer.noSuchName(soa);
    List<Record> out = new ArrayList<>();
    for (HostedZone.RecordSet r : atName) {
      boolean wanted = r.type().equals(type) || type.equals("ANY") || r.type().equals("CNAME");
      if (!wanted) continue;
      for (String v : r.values())
        out.add(new Record(name, r.type(), r.ttl(), r.type().equals("CNAME") ? HostedZone.canonical(v) : v));
      if (r.type().equals("CNAME") && !type.equals("CNAME")) {
        String target = HostedZone.canonical(r.values().get(0));
        // follow the chain within the emulator's zones, as a recursive resolver would, every CNAME kept
        if (!followed.contains(target) && followed.size() < MAX_CNAME_CHAIN)
          out.addAll(hostedZone(state, target, type, followed).records());
      }
    }
    return new Answer(true, true, out, out.isEmpty() ? soa : Optional.empty());
  }

  /** The record sets at {@code name}, or at the closest wildcard ({@code *.parent}) above it within the zone. */
  private static List<HostedZone.RecordSet> recordSetsAt(HostedZone zone, String name) {
    List<HostedZone.RecordSet> exact = zone.recordSets().stream().filter(r -> r.name().equals(name)).toList();
    if (!exact.isEmpty()) return exact;
    boolean below = zone.recordSets().stream().anyMatch(r -> r.name().endsWith("." + name));
    if (below) return List.of(new HostedZone.RecordSet(name, "NODATA", 0, List.of())); // empty non-terminal
    String parent = name;
    while (!parent.equals(zone.name()) && parent.contains(".")) {
      parent = parent.substring(parent.indexOf('.') + 1);
      String wildcard = "*." + parent;
      List<HostedZone.RecordSet> w = zone.recordSets().stream().filter(r -> r.name().equals(wildcard)).toList();
      if (!w.isEmpty()) return w;
    }
    return List.of();
  }
}
