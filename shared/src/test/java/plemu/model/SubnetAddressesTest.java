package plemu.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubnetAddressesTest {

  private static final Cidr SLASH_28 = Cidr.parse("10.0.1.16/28");

  @Test
  void slash28HasElevenUsableAddresses() {
    assertEquals(11, SubnetAddresses.usableCount(SLASH_28));
    int usable = 0;
    for (long i = 0; i < SLASH_28.size(); i++) {
      if (!SubnetAddresses.isReserved(SLASH_28, SLASH_28.addressAt(i))) {
        usable++;
      }
    }
    assertEquals(11, usable);
  }

  @Test
  void reservedAreFirstFourAndLast() {
    int base = SLASH_28.network();
    for (int i = 0; i < 4; i++) {
      assertTrue(SubnetAddresses.isReserved(SLASH_28, base + i), "base+" + i);
    }
    assertFalse(SubnetAddresses.isReserved(SLASH_28, base + 4));
    assertFalse(SubnetAddresses.isReserved(SLASH_28, base + 14));
    assertTrue(SubnetAddresses.isReserved(SLASH_28, base + 15));
    assertThrows(
        IllegalArgumentException.class,
        () -> SubnetAddresses.isReserved(SLASH_28, base + 16));
  }

  @Test
  void reservedInHighSubnet() {
    Cidr high = Cidr.parse("192.168.255.240/28");
    assertTrue(SubnetAddresses.isReserved(high, Ipv4.parse("192.168.255.255")));
    assertTrue(SubnetAddresses.isReserved(high, Ipv4.parse("192.168.255.242")));
    assertFalse(SubnetAddresses.isReserved(high, Ipv4.parse("192.168.255.244")));
    assertEquals(
        Ipv4.parse("192.168.255.244"), SubnetAddresses.allocate(high, Set.of()).getAsInt());
  }

  @Test
  void usableCountNeverNegative() {
    assertEquals(0, SubnetAddresses.usableCount(Cidr.parse("10.0.0.0/30")));
    assertEquals(0, SubnetAddresses.usableCount(Cidr.parse("10.0.0.0/32")));
    assertEquals(3, SubnetAddresses.usableCount(Cidr.parse("10.0.0.0/29")));
    assertEquals(65531, SubnetAddresses.usableCount(Cidr.parse("10.0.0.0/16")));
  }

  @Test
  void allocatesInOrderUntilExhausted() {
    int base = SLASH_28.network();
    Set<Integer> inUse = new HashSet<>();
    List<Integer> allocated = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      OptionalInt next = SubnetAddresses.allocate(SLASH_28, inUse);
      assertTrue(next.isPresent(), "allocation " + i);
      allocated.add(next.getAsInt());
      inUse.add(next.getAsInt());
    }
    assertEquals(base + 4, allocated.get(0));
    assertEquals(base + (int) SLASH_28.size() - 2, allocated.get(10));
    for (int i = 0; i < 11; i++) {
      assertEquals(base + 4 + i, allocated.get(i));
    }
    assertTrue(SubnetAddresses.allocate(SLASH_28, inUse).isEmpty());
  }

  @Test
  void allocationFillsGaps() {
    int base = SLASH_28.network();
    Set<Integer> inUse = Set.of(base + 4, base + 5, base + 7);
    assertEquals(base + 6, SubnetAddresses.allocate(SLASH_28, inUse).getAsInt());
  }

  @Test
  void tinySubnetsHaveNothingToAllocate() {
    assertTrue(SubnetAddresses.allocate(Cidr.parse("10.0.0.0/30"), Set.of()).isEmpty());
    assertTrue(SubnetAddresses.allocate(Cidr.parse("10.0.0.0/32"), Set.of()).isEmpty());
  }

  @Test
  void dnsResolverIsBasePlusTwo() {
    assertEquals(
        Ipv4.parse("10.0.0.2"), SubnetAddresses.dnsResolver(Cidr.parse("10.0.0.0/16")));
    assertEquals(
        Ipv4.parse("192.168.0.2"), SubnetAddresses.dnsResolver(Cidr.parse("192.168.0.0/16")));
    assertThrows(
        IllegalArgumentException.class,
        () -> SubnetAddresses.dnsResolver(Cidr.parse("10.0.0.0/8")));
  }

  @Test
  void validPrefixesAre16To28() {
    assertTrue(SubnetAddresses.validSubnetPrefix(16));
    assertTrue(SubnetAddresses.validSubnetPrefix(24));
    assertTrue(SubnetAddresses.validSubnetPrefix(28));
    assertFalse(SubnetAddresses.validSubnetPrefix(15));
    assertFalse(SubnetAddresses.validSubnetPrefix(29));
    assertFalse(SubnetAddresses.validSubnetPrefix(0));
    assertFalse(SubnetAddresses.validSubnetPrefix(32));
  }
}
