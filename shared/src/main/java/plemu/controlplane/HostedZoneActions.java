package plemu.controlplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import plemu.model.HostedZone;
import plemu.model.HostedZone.RecordSet;
import plemu.model.Ipv4;

/**
 * The emulator's Route 53 public hosted zones (CreateHostedZone, DeleteHostedZone,
 * ChangeResourceRecordSets), with Route 53's errors. Every VPC resolver answers their records, so a
 * provider can publish the TXT record that verifies its private DNS name.
 */
public final class HostedZoneActions {
  private HostedZoneActions() {}

  private static final Pattern LABEL = Pattern.compile("(\\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)");
  static final List<String> TYPES = List.of("A", "CNAME", "TXT", "MX", "NS", "SOA");
  private static final String NAME_SERVER = "ns-1.plemu.internal.";

  /** Creates a public zone with Route 53's SOA and NS records at its apex. */
  public record CreateHostedZone(Caller caller, String name, String callerReference, String comment) implements Mutation {
    @Override
    public HostedZone apply(Desired.Builder s, IdSource ids) {
      Lookups.account(s, caller);
      if (name == null || name.isBlank()) throw AwsError.badRequest("InvalidInput", "Name is required").exception();
      if (callerReference == null || callerReference.isBlank())
        throw AwsError.badRequest("InvalidInput", "CallerReference is required").exception();
      String zoneName = domainName(name);
      if (zoneName.equals("amazonaws.com.") || zoneName.endsWith(".amazonaws.com."))
        throw AwsError.badRequest("InvalidDomainName", zoneName + " is reserved by AWS!").exception();
      // a top-level domain would take over every name below it in plemu's one public DNS
      if (zoneName.chars().filter(c -> c == '.').count() < 2)
        throw AwsError.badRequest("InvalidDomainName", zoneName + " is a top-level domain: plemu's public zones are"
            + " registered domains (example.com) or names below them").exception();
      for (HostedZone z : s.rows(Table.HOSTED_ZONES).values()) {
        if (z.ownerId().equals(caller.accountId()) && z.callerReference().equals(callerReference))
          throw new AwsError("HostedZoneAlreadyExists",
              "A hosted zone has already been created with the specified caller reference.", 409).exception();
        if (z.name().equals(zoneName))
          throw AwsError.badRequest("ConflictingDomainExists", "The domain " + zoneName
              + " already has a public hosted zone in this emulator (" + z.hostedZoneId() + "): plemu serves one"
              + " public DNS, so a name can have only one zone").exception();
        // plemu's public DNS has no delegation: a zone inside (or above) another account's zone would
        // take over its names, and could prove ownership of its domain
        if (!z.ownerId().equals(caller.accountId()) && (z.contains(zoneName) || zoneName.endsWith("." + z.name())
            || z.name().endsWith("." + zoneName)))
          throw AwsError.badRequest("ConflictingDomainExists", "The domain " + zoneName + " overlaps "
              + z.name() + ", another account's public hosted zone in this emulator").exception();
      }
      String id;
      do id = zoneId(ids);
      while (s.rows(Table.HOSTED_ZONES).containsKey(id));
      List<RecordSet> apex = List.of(
          new RecordSet(zoneName, "NS", 172800, List.of(NAME_SERVER)),
          new RecordSet(zoneName, "SOA", 900, List.of(NAME_SERVER + " awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400")));
      HostedZone zone = new HostedZone(id, caller.accountId(), zoneName, callerReference, comment, apex, ids.now());
      s.put(Table.HOSTED_ZONES, id, zone);
      return zone;
    }
  }

  /** Deletes a zone that holds nothing but its apex SOA and NS records. */
  public record DeleteHostedZone(Caller caller, String hostedZoneId) implements Mutation {
    @Override
    public HostedZone apply(Desired.Builder s, IdSource ids) {
      HostedZone zone = owned(s, caller, hostedZoneId);
      boolean onlyApex = zone.recordSets().stream()
          .allMatch(r -> r.name().equals(zone.name()) && (r.type().equals("SOA") || r.type().equals("NS")));
      if (!onlyApex)
        throw AwsError.badRequest("HostedZoneNotEmpty", "The specified hosted zone contains non-required resource"
            + " record sets and so cannot be deleted.").exception();
      s.remove(Table.HOSTED_ZONES, zone.hostedZoneId());
      return zone;
    }
  }

  /** One change of a ChangeResourceRecordSets batch. */
  public record Change(String action, RecordSet recordSet) implements plemu.model.KryoSerializable {}

  /** Applies a batch of changes all or nothing, as Route 53 does. */
  public record ChangeResourceRecordSets(Caller caller, String hostedZoneId, List<Change> changes) implements Mutation {
    @Override
    public HostedZone apply(Desired.Builder s, IdSource ids) {
      HostedZone zone = owned(s, caller, hostedZoneId);
      if (changes.isEmpty()) throw AwsError.badRequest("InvalidInput", "ChangeBatch.Changes must not be empty").exception();
      List<RecordSet> sets = new ArrayList<>(zone.recordSets());
      List<String> problems = new ArrayList<>();
      for (Change c : changes) {
        String problem = apply(zone, sets, c);
        if (problem != null) problems.add(problem);
      }
      if (!problems.isEmpty())
        throw AwsError.badRequest("InvalidChangeBatch", "[" + String.join(", ", problems) + "]").exception();
      HostedZone changed = zone.withRecordSets(sets);
      s.put(Table.HOSTED_ZONES, zone.hostedZoneId(), changed);
      return changed;
    }

    /** Applies one change to {@code sets}; returns Route 53's complaint, or null. */
    private static String apply(HostedZone zone, List<RecordSet> sets, Change c) {
      if (c.recordSet() == null || c.recordSet().name() == null || c.recordSet().type() == null)
        return "A change needs a ResourceRecordSet with Name and Type";
      String name;
      try {
        name = domainName(c.recordSet().name());
      } catch (AwsException e) {
        return e.error().message();
      }
      String type = c.recordSet().type().toUpperCase(Locale.ROOT);
      String id = "[name='" + name + "', type='" + type + "']";
      if (!TYPES.contains(type)) return "Unsupported resource record set type " + type + " (plemu serves " + TYPES + ")";
      if (!zone.contains(name)) return "RRSet with DNS name " + name + " is not permitted in zone " + zone.name();
      RecordSet set = new RecordSet(name, type, c.recordSet().ttl(), c.recordSet().values());
      int at = indexOf(sets, name, type);
      switch (c.action() == null ? "" : c.action().toUpperCase(Locale.ROOT)) {
        case "CREATE" -> {
          if (at >= 0) return "Tried to create resource record set " + id + " but it already exists";
          String bad = invalidValues(set, sets);
          if (bad != null) return bad;
          sets.add(set);
        }
        case "UPSERT" -> {
          String bad = invalidValues(set, sets);
          if (bad != null) return bad;
          if (at >= 0) sets.set(at, set);
          else sets.add(set);
        }
        case "DELETE" -> {
          if (at < 0 || !sets.get(at).equals(set))
            return "Tried to delete resource record set " + id + " but it was not found";
          if (name.equals(zone.name()) && (type.equals("SOA") || type.equals("NS")))
            return "A HostedZone must contain at least one NS record for the zone itself.";
          sets.remove(at);
        }
        default -> {
          return "Action must be CREATE, DELETE or UPSERT, not '" + c.action() + "'";
        }
      }
      return null;
    }
  }

  private static int indexOf(List<RecordSet> sets, String name, String type) {
    for (int i = 0; i < sets.size(); i++)
      if (sets.get(i).name().equals(name) && sets.get(i).type().equals(type)) return i;
    return -1;
  }

  /** What is wrong with a record set's TTL and values, or null. */
  private static String invalidValues(RecordSet set, List<RecordSet> others) {
    if (set.ttl() < 0 || set.ttl() > 2147483647L) return "TTL must be between 0 and 2147483647";
    if (set.values().isEmpty()) return "ResourceRecords must not be empty for " + set.name();
    if (set.type().equals("CNAME")) {
      if (set.values().size() != 1) return "A CNAME record set has exactly one value";
      if (others.stream().anyMatch(o -> o.name().equals(set.name()) && !o.type().equals("CNAME")))
        return "RRSet of type CNAME with DNS name " + set.name() + " is not permitted as it conflicts with other records"
            + " with the same DNS name in zone";
    } else if (others.stream().anyMatch(o -> o.name().equals(set.name()) && o.type().equals("CNAME"))) {
      return "RRSet of type " + set.type() + " with DNS name " + set.name() + " is not permitted because a conflicting"
          + " RRSet of type CNAME with the same DNS name already exists in zone";
    }
    for (String v : set.values()) {
      switch (set.type()) {
        case "A" -> {
          if (!Ipv4.isValid(v)) return "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '" + v + "'";
        }
        case "TXT" -> {
          if (TxtValues.parse(v) == null) return "Invalid Resource Record: FATAL problem: InvalidCharacterString"
              + " (Value should be enclosed in quotation marks) encountered with '" + v + "'";
        }
        default -> {
          if (v.isBlank()) return "Invalid Resource Record: empty value";
        }
      }
    }
    return null;
  }

  /** A zone the caller owns, by id ({@code Z...} or {@code /hostedzone/Z...}), or NoSuchHostedZone. */
  private static HostedZone owned(Desired.Builder s, Caller caller, String hostedZoneId) {
    Lookups.account(s, caller);
    return Owned.HOSTED_ZONE.get(s, caller, hostedZoneId);
  }

  /** A domain name in canonical form, or InvalidDomainName. */
  public static String domainName(String name) {
    String n = HostedZone.canonical(name);
    String bare = n.substring(0, n.length() - 1);
    if (bare.isEmpty() || n.length() > 255)
      throw AwsError.badRequest("InvalidDomainName", "Domain name " + name + " is invalid").exception();
    for (String label : bare.split("\\.", -1))
      if (!LABEL.matcher(label).matches())
        throw AwsError.badRequest("InvalidDomainName", "Domain name " + name + " is invalid").exception();
    return n;
  }

  /** Route 53's style of zone id: Z and 20 upper-case letters and digits. */
  private static String zoneId(IdSource ids) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder b = new StringBuilder("Z");
    for (int i = 0; i < 20; i++) b.append(alphabet.charAt(ids.nextInt(alphabet.length())));
    return b.toString();
  }
}
