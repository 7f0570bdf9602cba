package plemu.model;

import java.util.List;
import java.util.Locale;

/**
 * A public hosted zone of the emulator's Route 53 (for example where a provider publishes the TXT
 * record that proves it owns its private DNS name): its records are answered by every VPC's
 * resolver. Names are kept in Route 53's form, lower case with a trailing dot.
 */
public record HostedZone(
    String hostedZoneId,
    String ownerId,
    String name,
    String callerReference,
    String comment,
    List<RecordSet> recordSets,
    long createdTime)
    implements KryoSerializable {
  public HostedZone {
    recordSets = List.copyOf(recordSets);
  }

  /** A resource record set: every value of one name and type, with one TTL. */
  public record RecordSet(String name, String type, long ttl, List<String> values) implements KryoSerializable {
    public RecordSet {
      values = List.copyOf(values);
    }
  }

  public HostedZone withRecordSets(List<RecordSet> sets) {
    return new HostedZone(hostedZoneId, ownerId, name, callerReference, comment, sets, createdTime);
  }

  /** {@code /hostedzone/<id>}, as Route 53 returns it. */
  public String path() {
    return "/hostedzone/" + hostedZoneId;
  }

  /** A DNS name in Route 53's form: lower case, with a trailing dot. */
  public static String canonical(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n : n + ".";
  }

  /** True when {@code name} (canonical) is this zone's apex or below it. */
  public boolean contains(String name) {
    return name.equals(this.name) || name.endsWith("." + this.name);
  }
}
