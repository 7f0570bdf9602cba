package plemu.model;

import java.util.OptionalInt;
import java.util.Set;

/**
 * AWS address reservations inside a subnet: the first four addresses (network, VPC router, DNS,
 * future use) and the last one (broadcast) are never assigned to interfaces.
 */
public final class SubnetAddresses {

  /** Number of addresses AWS reserves in every subnet. */
  public static final int RESERVED = 5;

  private static final int RESERVED_AT_START = 4;
  private static final int MIN_PREFIX = 16;
  private static final int MAX_PREFIX = 28;

  private SubnetAddresses() {}

  /** True if {@code address} is one of the five reserved addresses of {@code subnet}; throws if outside it. */
  public static boolean isReserved(Cidr subnet, int address) {
    if (!subnet.contains(address)) {
      throw new IllegalArgumentException(Ipv4.format(address) + " is not in subnet " + subnet);
    }
    long index = Integer.toUnsignedLong(address) - Integer.toUnsignedLong(subnet.network());
    return index < RESERVED_AT_START || index == subnet.size() - 1;
  }

  /** Number of assignable addresses: size minus the five reserved, never negative. */
  public static long usableCount(Cidr subnet) {
    return Math.max(0, subnet.size() - RESERVED);
  }

  /** The lowest address of {@code subnet} that is neither reserved nor in {@code inUse}; empty when full. */
  public static OptionalInt allocate(Cidr subnet, Set<Integer> inUse) {
    long lastUsable = subnet.size() - 2;
    for (long index = RESERVED_AT_START; index <= lastUsable; index++) {
      int candidate = subnet.addressAt(index);
      if (!inUse.contains(candidate)) {
        return OptionalInt.of(candidate);
      }
    }
    return OptionalInt.empty();
  }

  /** The Amazon-provided DNS address of a VPC: its network base plus two. */
  public static int dnsResolver(Cidr vpcCidr) {
    if (!validSubnetPrefix(vpcCidr.prefixLength())) {
      throw new IllegalArgumentException(
          "VPC CIDR " + vpcCidr + " must have a prefix length between /16 and /28");
    }
    return vpcCidr.addressAt(2);
  }

  /** True if {@code prefix} is a size AWS allows for VPCs and subnets (/16 to /28). */
  public static boolean validSubnetPrefix(int prefix) {
    return prefix >= MIN_PREFIX && prefix <= MAX_PREFIX;
  }
}
