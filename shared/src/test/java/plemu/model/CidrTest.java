package plemu.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

  private static Cidr cidr(String text) {
    return Cidr.parse(text);
  }

  private static int ip(String text) {
    return Ipv4.parse(text);
  }

  @Test
  void parsesAndPrintsCanonicalForm() {
    Cidr c = cidr("10.0.0.0/16");
    assertEquals(ip("10.0.0.0"), c.network());
    assertEquals(16, c.prefixLength());
    assertEquals("10.0.0.0/16", c.toString());
    assertEquals(c, new Cidr(ip("10.0.0.0"), 16));
  }

  @Test
  void handlesHighAddresses() {
    Cidr c = cidr("192.168.0.0/16");
    assertEquals("192.168.0.0/16", c.toString());
    assertEquals(ip("192.168.0.0"), c.first());
    assertEquals(ip("192.168.255.255"), c.last());
    assertTrue(c.contains(ip("192.168.128.1")));
    assertFalse(c.contains(ip("192.169.0.0")));
    assertFalse(c.contains(ip("10.0.0.1")));

    Cidr top = cidr("255.255.255.255/32");
    assertEquals(1, top.size());
    assertEquals(-1, top.first());
    assertEquals(-1, top.last());
    assertTrue(top.contains(-1));
    assertFalse(top.contains(ip("255.255.255.254")));
    assertEquals("255.255.255.255/32", top.toString());

    Cidr upperHalf = cidr("128.0.0.0/1");
    assertTrue(upperHalf.contains(ip("200.1.2.3")));
    assertFalse(upperHalf.contains(ip("127.255.255.255")));
    assertEquals(ip("255.255.255.255"), upperHalf.last());
  }

  @Test
  void sizeOfExtremes() {
    Cidr all = cidr("0.0.0.0/0");
    assertEquals(1L << 32, all.size());
    assertEquals(0, all.first());
    assertEquals(-1, all.last());
    assertTrue(all.contains(ip("203.0.113.9")));
    assertEquals(1, cidr("10.1.2.3/32").size());
    assertEquals(65536, cidr("10.0.0.0/16").size());
    assertEquals(16, cidr("10.0.0.0/28").size());
  }

  @Test
  void addressAtIsBoundsChecked() {
    Cidr c = cidr("192.168.1.0/24");
    assertEquals(ip("192.168.1.0"), c.addressAt(0));
    assertEquals(ip("192.168.1.10"), c.addressAt(10));
    assertEquals(ip("192.168.1.255"), c.addressAt(255));
    assertThrows(IndexOutOfBoundsException.class, () -> c.addressAt(256));
    assertThrows(IndexOutOfBoundsException.class, () -> c.addressAt(-1));
    assertEquals(-1, cidr("0.0.0.0/0").addressAt((1L << 32) - 1));
  }

  @Test
  void hostBitsAreRejectedWithASuggestion() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cidr("10.0.0.1/16"));
    assertEquals("10.0.0.1/16 has host bits set; did you mean 10.0.0.0/16?", e.getMessage());
    IllegalArgumentException high =
        assertThrows(IllegalArgumentException.class, () -> new Cidr(ip("192.168.1.1"), 16));
    assertTrue(high.getMessage().contains("did you mean 192.168.0.0/16?"), high.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0|missing '/prefix'",
        "10.0.0.0/|prefix length is empty",
        "10.0.0.0/33|greater than 32",
        "10.0.0.0/-1|not a number",
        "10.0.0.0/x|not a number",
        "10.0.0.0/016|not a number",
        "10.0.0.0/08|leading zero",
        "10.0.0/8|expected 4 octets",
        "10.0.0.256/32|greater than 255",
      })
  void rejectsMalformedText(String text, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cidr(text));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void constructorRejectsBadPrefix() {
    assertThrows(IllegalArgumentException.class, () -> new Cidr(0, -1));
    assertThrows(IllegalArgumentException.class, () -> new Cidr(0, 33));
  }

  @Test
  void containmentAndOverlap() {
    Cidr vpc = cidr("10.0.0.0/16");
    Cidr subnet = cidr("10.0.1.0/24");
    Cidr same = cidr("10.0.0.0/16");
    Cidr adjacent = cidr("10.1.0.0/16");
    Cidr disjoint = cidr("192.168.0.0/16");

    // identical
    assertTrue(vpc.contains(same));
    assertTrue(vpc.overlaps(same));
    // nested
    assertTrue(vpc.contains(subnet));
    assertFalse(subnet.contains(vpc));
    assertTrue(vpc.overlaps(subnet));
    assertTrue(subnet.overlaps(vpc));
    // adjacent
    assertFalse(vpc.contains(adjacent));
    assertFalse(vpc.overlaps(adjacent));
    assertFalse(adjacent.overlaps(vpc));
    // disjoint, across the sign bit
    assertFalse(vpc.overlaps(disjoint));
    assertFalse(disjoint.overlaps(vpc));
    assertFalse(disjoint.contains(vpc));
    // everything is inside /0
    Cidr all = cidr("0.0.0.0/0");
    assertTrue(all.contains(disjoint));
    assertTrue(disjoint.overlaps(all));
    assertFalse(disjoint.contains(all));
    // high nested pair
    assertTrue(cidr("192.168.0.0/16").contains(cidr("192.168.255.240/28")));
    assertTrue(cidr("255.255.255.0/24").contains(cidr("255.255.255.255/32")));
  }
}
