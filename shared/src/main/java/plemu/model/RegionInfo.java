package plemu.model;

import java.util.List;
import java.util.Optional;

/**
 * A region, the node that hosts its control plane, its Availability Zones by AZ ID, and the pool of
 * real host addresses its VPCs' DNS resolvers listen on (a /16 of 127.0.0.0/8 by default).
 */
public record RegionInfo(String name, String node, List<Zone> zones, Cidr resolverPool) implements KryoSerializable {
  public RegionInfo {
    zones = List.copyOf(zones);
  }

  /**
   * An Availability Zone by its global AZ ID, the name of the AZ node that hosts its data plane, and
   * the pool of real host addresses that node binds for the zone's emulated addresses (ENIs, NLB
   * nodes, instances): a /16 of 127.0.0.0/8 by default.
   */
  public record Zone(String zoneId, String node, Cidr hostPool) implements KryoSerializable {}

  public Optional<Zone> zone(String zoneId) {
    return zones.stream().filter(z -> z.zoneId().equals(zoneId)).findFirst();
  }

  public List<String> zoneIds() {
    return zones.stream().map(Zone::zoneId).toList();
  }
}
