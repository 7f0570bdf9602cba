package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.dataplane.ProxyProtocolV2Fixtures.SIGNATURE;
import static plemu.dataplane.ProxyProtocolV2Fixtures.VPCE;
import static plemu.dataplane.ProxyProtocolV2Fixtures.addr;
import static plemu.dataplane.ProxyProtocolV2Fixtures.concat;
import static plemu.dataplane.ProxyProtocolV2Fixtures.hex;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link ProxyProtocolV2} writes: PROXY headers for IPv4 and IPv6 flows with and without the
 * AWS VPC endpoint id TLV, checked field by field by an independent reader and against a
 * hand-written vector; IPv4-mapped addresses written as IPv4, arguments it refuses (mixed
 * families, unresolved addresses, ids with other characters), the LOCAL header, and the signature.
 */
class ProxyProtocolV2EncodingTest {

  private static byte[] ip(String literalIp) {
    return addr(literalIp, 0).getAddress().getAddress();
  }

  // ---------------------------------------------------------------------------------------------
  // Independent reader: checks encoder output by offset without using the production decoder.
  // ---------------------------------------------------------------------------------------------

  private static int u8(byte[] b, int offset) {
    return b[offset] & 0xFF;
  }

  private static int u16(byte[] b, int offset) {
    return (u8(b, offset) << 8) | u8(b, offset + 1);
  }

  private static void assertFields(
      byte[] b,
      int expectedFamily,
      byte[] srcIp,
      byte[] dstIp,
      int srcPort,
      int dstPort,
      String vpceId) {
    int ipLen = srcIp.length;
    int addressBlock = 2 * ipLen + 4;
    int tlvBytes = vpceId == null ? 0 : 3 + 1 + vpceId.length();
    assertEquals(16 + addressBlock + tlvBytes, b.length, "total length");
    assertArrayEquals(SIGNATURE, Arrays.copyOfRange(b, 0, 12), "signature");
    assertEquals(0x21, u8(b, 12), "version 2 + PROXY");
    assertEquals(expectedFamily, u8(b, 13), "family/transport");
    assertEquals(addressBlock + tlvBytes, u16(b, 14), "length field");
    assertArrayEquals(srcIp, Arrays.copyOfRange(b, 16, 16 + ipLen), "source IP");
    assertArrayEquals(dstIp, Arrays.copyOfRange(b, 16 + ipLen, 16 + 2 * ipLen), "destination IP");
    assertEquals(srcPort, u16(b, 16 + 2 * ipLen), "source port");
    assertEquals(dstPort, u16(b, 16 + 2 * ipLen + 2), "destination port");
    int tlv = 16 + addressBlock;
    if (vpceId != null) {
      assertEquals(0xEA, u8(b, tlv), "TLV type PP2_TYPE_AWS");
      assertEquals(1 + vpceId.length(), u16(b, tlv + 1), "TLV length");
      assertEquals(0x01, u8(b, tlv + 3), "subtype PP2_SUBTYPE_AWS_VPCE_ID");
      assertEquals(
          vpceId,
          new String(b, tlv + 4, vpceId.length(), StandardCharsets.US_ASCII),
          "endpoint id");
    }
  }

  @Test
  void encodesIpv4WithEndpointIdFieldByField() {
    byte[] b = ProxyProtocolV2.encode(addr("10.1.2.3", 51515), addr("192.168.200.7", 8443), VPCE);
    assertFields(b, 0x11, ip("10.1.2.3"), ip("192.168.200.7"), 51515, 8443, VPCE);
  }

  @Test
  void encodesIpv4WithoutEndpointId() {
    byte[] b = ProxyProtocolV2.encode(addr("10.1.2.3", 65535), addr("10.9.8.7", 1), null);
    assertFields(b, 0x11, ip("10.1.2.3"), ip("10.9.8.7"), 65535, 1, null);
    assertEquals(28, b.length);
  }

  @Test
  void encodesIpv6WithEndpointIdFieldByField() {
    byte[] b = ProxyProtocolV2.encode(addr("fd00:1::5", 40001), addr("2001:db8::a", 443), VPCE);
    assertFields(b, 0x21, ip("fd00:1::5"), ip("2001:db8::a"), 40001, 443, VPCE);
  }

  @Test
  void encodesIpv6WithoutEndpointId() {
    byte[] b = ProxyProtocolV2.encode(addr("fd00:1::5", 40001), addr("2001:db8::a", 443), null);
    assertFields(b, 0x21, ip("fd00:1::5"), ip("2001:db8::a"), 40001, 443, null);
    assertEquals(52, b.length);
  }

  @Test
  void matchesHandWrittenIpv4Vector() {
    byte[] expected =
        hex(
            "0D0A0D0A 000D0A51 5549540A" // signature
                + " 21" // v2, PROXY
                + " 11" // TCP over IPv4
                + " 0026" // 12 address bytes + 3 TLV header + 23 TLV value = 38
                + " 7F000005" // 127.0.0.5
                + " 7F01000A" // 127.1.0.10
                + " 9C40" // 40000
                + " 0050" // 80
                + " EA 0017 01" // PP2_TYPE_AWS, length 23, PP2_SUBTYPE_AWS_VPCE_ID
                + " 76706365 2D" // "vpce-"
                + " 30313233 34353637 3839" // "0123456789"
                + " 61626364 6566 30"); // "abcdef0"
    assertEquals(54, expected.length);
    assertArrayEquals(
        expected, ProxyProtocolV2.encode(addr("127.0.0.5", 40000), addr("127.1.0.10", 80), VPCE));
  }

  @Test
  void writesIpv4MappedIpv6AddressAsIpv4() throws UnknownHostException {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    mapped[12] = 127;
    mapped[15] = 5;
    InetAddress mappedAddress = Inet6Address.getByAddress(null, mapped, -1);
    assertTrue(mappedAddress instanceof Inet6Address, "precondition: a real Inet6Address");

    byte[] b =
        ProxyProtocolV2.encode(
            new InetSocketAddress(mappedAddress, 40000), addr("127.1.0.10", 80), VPCE);
    assertArrayEquals(
        ProxyProtocolV2.encode(addr("127.0.0.5", 40000), addr("127.1.0.10", 80), VPCE), b);
    assertEquals(0x11, u8(b, 13));
  }

  @Test
  void rejectsMixedFamilies() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ProxyProtocolV2.encode(addr("10.0.0.1", 1), addr("fd00::1", 2), VPCE));
    assertThrows(
        IllegalArgumentException.class,
        () -> ProxyProtocolV2.encode(addr("fd00::1", 1), addr("10.0.0.1", 2), null));
  }

  @Test
  void rejectsUnresolvedAddress() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ProxyProtocolV2.encode(
                InetSocketAddress.createUnresolved("example.invalid", 1), addr("10.0.0.1", 2), null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "vpce_0123", "vpce 0123", "vpcé-01", "vpce-01\n"})
  void rejectsEndpointIdOutsideAllowedCharacters(String badId) {
    assertThrows(
        IllegalArgumentException.class,
        () -> ProxyProtocolV2.encode(addr("10.0.0.1", 1), addr("10.0.0.2", 2), badId));
  }

  @Test
  void encodesLocalHeaderWithoutAddresses() {
    byte[] expected = concat(SIGNATURE, hex("20 00 0000"));
    assertArrayEquals(expected, ProxyProtocolV2.encodeLocal());
  }

  @Test
  void signatureAccessorReturnsACopy() {
    byte[] copy = ProxyProtocolV2.signature();
    assertArrayEquals(SIGNATURE, copy);
    copy[0] = 0;
    assertArrayEquals(SIGNATURE, ProxyProtocolV2.signature());
  }
}
