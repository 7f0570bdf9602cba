package plemu.controlplane;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import plemu.model.Cidr;
import plemu.model.Ipv4;
import plemu.model.NetworkInterface;
import plemu.model.RegionInfo;
import plemu.model.Subnet;
import plemu.model.SubnetAddresses;

/**
 * Creates the network interfaces that resources own (NLB nodes now; endpoints and instances later):
 * a private IP from the subnet (never one of AWS's five reserved ones) and a real host address from
 * the pool of the subnet's AZ node, unique across the whole emulation.
 */
final class NetworkInterfaces {
  private NetworkInterfaces() {}

  /** What a new interface is for. */
  record Spec(String interfaceType, String description, boolean requesterManaged, List<String> securityGroupIds,
      String attachedTo) {}

  /** A new interface in {@code subnet}, of the subnet's owner. */
  static NetworkInterface create(Desired.Builder s, IdSource ids, Subnet subnet, Spec spec, String requestedIp) {
    int privateIp = requestedIp == null ? freePrivateIp(s, subnet) : requestedPrivateIp(s, subnet, requestedIp);
    RegionInfo.Zone zone = s.get(Table.REGIONS, subnet.region()).flatMap(r -> r.zone(subnet.zoneId()))
        .orElseThrow(() -> AwsError.badRequest("InvalidSubnet", "The AZ " + subnet.zoneId() + " of " + subnet.subnetId()
            + " is not emulated").exception());
    String eniId = s.newId(Table.NETWORK_INTERFACES, "eni", ids);
    NetworkInterface eni = new NetworkInterface(eniId, subnet.ownerId(), subnet.region(), subnet.vpcId(),
        subnet.subnetId(), subnet.zoneId(), privateIp, freeHostAddress(s, ids, zone), spec.interfaceType(),
        spec.description(), spec.requesterManaged(), spec.securityGroupIds(), spec.attachedTo());
    s.put(Table.NETWORK_INTERFACES, eniId, eni);
    return eni;
  }

  /** How many interfaces the subnet holds. */
  static long inUse(StateView s, Subnet subnet) {
    return s.idsWhere(Table.NETWORK_INTERFACES_BY_SUBNET, subnet.subnetId()).size();
  }

  private static Set<Integer> usedIps(Desired.Builder s, Subnet subnet) {
    Set<Integer> used = new HashSet<>();
    for (NetworkInterface e : s.rowsWhere(Table.NETWORK_INTERFACES_BY_SUBNET, subnet.subnetId())) used.add(e.privateIp());
    return used;
  }

  private static int freePrivateIp(Desired.Builder s, Subnet subnet) {
    OptionalInt ip = SubnetAddresses.allocate(subnet.cidr(), usedIps(s, subnet));
    if (ip.isEmpty())
      throw AwsError.badRequest("InsufficientFreeAddressesInSubnet",
          "There are not enough free addresses in subnet '" + subnet.subnetId() + "' to satisfy the requested number of instances.").exception();
    return ip.getAsInt();
  }

  private static int requestedPrivateIp(Desired.Builder s, Subnet subnet, String text) {
    int ip;
    try {
      ip = Ipv4.parse(text);
    } catch (IllegalArgumentException e) {
      throw AwsError.invalidValue("PrivateIPv4Address", text, e.getMessage()).exception();
    }
    if (!subnet.cidr().contains(ip) || SubnetAddresses.isReserved(subnet.cidr(), ip))
      throw AwsError.badRequest("InvalidConfigurationRequest", "The private IPv4 address " + text
          + " is not a usable address of subnet " + subnet.subnetId() + " (" + subnet.cidr() + ")").exception();
    if (usedIps(s, subnet).contains(ip))
      throw AwsError.badRequest("InvalidConfigurationRequest", "The private IPv4 address " + text
          + " is already in use in subnet " + subnet.subnetId()).exception();
    return ip;
  }

  /** A free address of the zone's pool, picked at random ({@link #randomFree}). */
  private static String freeHostAddress(Desired.Builder s, IdSource ids, RegionInfo.Zone zone) {
    return randomFree(zone.hostPool(), a -> !s.idsWhere(Table.NETWORK_INTERFACES_BY_HOST_ADDRESS, a).isEmpty(), ids)
        .orElseThrow(() -> AwsError.badRequest(
        "InsufficientFreeAddressesInSubnet", "The host address pool " + zone.hostPool() + " of zone " + zone.zoneId()
            + " is exhausted").exception());
  }

  /**
   * A free address of a host address pool (not its first or last), picked at random: a released
   * address is not handed out again at once, so a client or listener that still holds the old one
   * cannot reach the new owner.
   */
  static java.util.Optional<String> randomFree(Cidr pool, java.util.function.Predicate<String> used, IdSource ids) {
    long usable = pool.size() - 2;
    long start = ids.nextInt((int) Math.min(usable, Integer.MAX_VALUE));
    for (long k = 0; k < usable; k++) {
      String candidate = Ipv4.format(pool.addressAt(1 + (start + k) % usable));
      if (!used.test(candidate)) return java.util.Optional.of(candidate);
    }
    return java.util.Optional.empty();
  }
}
