package plemu.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {

  @Test
  void parsesAndFormatsHighAddresses() {
    assertEquals(0xC0A80001, Ipv4.parse("192.168.0.1"));
    assertEquals("192.168.0.1", Ipv4.format(0xC0A80001));
    assertEquals(-1, Ipv4.parse("255.255.255.255"));
    assertEquals("255.255.255.255", Ipv4.format(-1));
    assertEquals(0, Ipv4.parse("0.0.0.0"));
    assertEquals("0.0.0.0", Ipv4.format(0));
    assertEquals("10.20.30.40", Ipv4.format(Ipv4.parse("10.20.30.40")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1.2.3|expected 4 octets, found 3",
        "1.2.3.4.5|expected 4 octets, found 5",
        "1..3.4|octet 2 is empty",
        "1.2.3.|octet 4 is empty",
        "01.2.3.4|leading zero",
        "1.2.3.256|greater than 255",
        "+1.2.3.4|not a decimal number",
        "1.2.-3.4|not a decimal number",
        "1.2.3.a|not a decimal number",
        "1.2.3.1000|more than 3 digits",
      })
  void rejectsMalformedAddressesWithAReason(String text, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(text));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " 1.2.3.4", "1.2.3.4 ", "a.b.c.d", "1,2,3,4"})
  void rejectsOtherJunk(String text) {
    assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(text));
  }

  @Test
  void loopbackIs127Slash8() {
    assertTrue(Ipv4.isLoopback(Ipv4.parse("127.0.0.1")));
    assertTrue(Ipv4.isLoopback(Ipv4.parse("127.255.255.255")));
    assertFalse(Ipv4.isLoopback(Ipv4.parse("128.0.0.1")));
    assertFalse(Ipv4.isLoopback(Ipv4.parse("126.255.255.255")));
    assertFalse(Ipv4.isLoopback(Ipv4.parse("255.0.0.1")));
  }
}
