package plemu.model;

import java.util.List;
import java.util.Optional;

/** A region, the node that hosts its control plane, and its Availability Zones by AZ ID. */
public record RegionInfo(String name, String node, List<Zone> zones) implements KryoSerializable {
  public RegionInfo {
    zones = List.copyOf(zones);
  }

  /** An Availability Zone by its global AZ ID, and the name of the AZ node that hosts its data plane. */
  public record Zone(String zoneId, String node) implements KryoSerializable {}

  public Optional<Zone> zone(String zoneId) {
    return zones.stream().filter(z -> z.zoneId().equals(zoneId)).findFirst();
  }

  public List<String> zoneIds() {
    return zones.stream().map(Zone::zoneId).toList();
  }
}
