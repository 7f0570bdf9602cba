package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import plemu.dataplane.ProxyProtocolV2Parser.Command;
import plemu.dataplane.ProxyProtocolV2Parser.Header;
import plemu.dataplane.ProxyProtocolV2Parser.ParseResult;
import plemu.dataplane.ProxyProtocolV2Parser.ParseResult.Status;
import plemu.dataplane.ProxyProtocolV2Parser.Tlv;

class ProxyProtocolV2Test {

  private static final String VPCE = "vpce-0123456789abcdef0";
  private static final byte[] SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };

  private static InetSocketAddress addr(String literalIp, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(literalIp), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] ip(String literalIp) {
    return addr(literalIp, 0).getAddress().getAddress();
  }

  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replace(" ", ""));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static ParseResult parse(byte[] bytes) {
    return ProxyProtocolV2Parser.parse(ByteBuffer.wrap(bytes));
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

  // ---------------------------------------------------------------------------------------------
  // Encoder
  // ---------------------------------------------------------------------------------------------

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

  // ---------------------------------------------------------------------------------------------
  // Decoder
  // ---------------------------------------------------------------------------------------------

  static Stream<Arguments> flows() {
    return Stream.of(
        Arguments.of(addr("127.0.0.5", 40000), addr("127.1.0.10", 80), VPCE, 0x11),
        Arguments.of(addr("10.0.0.1", 0), addr("255.255.255.255", 65535), null, 0x11),
        Arguments.of(addr("fd00:1::5", 40001), addr("2001:db8::a", 443), VPCE, 0x21),
        Arguments.of(addr("::1", 1), addr("ffff::ffff", 2), null, 0x21));
  }

  @ParameterizedTest
  @MethodSource("flows")
  void roundTrips(InetSocketAddress src, InetSocketAddress dst, String vpce, int family) {
    byte[] encoded = ProxyProtocolV2.encode(src, dst, vpce);
    ByteBuffer buf = ByteBuffer.wrap(encoded);
    ParseResult result = ProxyProtocolV2Parser.parse(buf);

    assertEquals(Status.HEADER, result.status(), () -> String.valueOf(result.error()));
    assertNull(result.error());
    Header h = result.header();
    assertEquals(Command.PROXY, h.command());
    assertEquals(family, h.familyAndTransport());
    assertEquals(src, h.source());
    assertEquals(dst, h.destination());
    assertEquals(vpce, h.vpcEndpointId());
    assertEquals(encoded.length, h.length());
    assertEquals(encoded.length, buf.position(), "header consumed");
    if (vpce == null) {
      assertEquals(List.of(), h.tlvs());
    } else {
      byte[] value = concat(new byte[] {0x01}, vpce.getBytes(StandardCharsets.US_ASCII));
      assertEquals(List.of(new Tlv(0xEA, value)), h.tlvs());
    }
  }

  @ParameterizedTest
  @MethodSource("flows")
  void needsMoreAtEverySplitPointThenDecodes(
      InetSocketAddress src, InetSocketAddress dst, String vpce, int family) {
    byte[] encoded = ProxyProtocolV2.encode(src, dst, vpce);
    byte[] stream = concat(encoded, "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int split = 0; split < encoded.length; split++) {
      ByteBuffer buf = ByteBuffer.wrap(stream);
      buf.limit(split);
      ParseResult first = ProxyProtocolV2Parser.parse(buf);
      assertEquals(Status.NEED_MORE, first.status(), "split at " + split);
      assertEquals(0, buf.position(), "NEED_MORE leaves the buffer untouched");

      buf.limit(stream.length); // the rest of the stream arrives
      ParseResult second = ProxyProtocolV2Parser.parse(buf);
      assertEquals(Status.HEADER, second.status(), "split at " + split);
      assertEquals(src, second.header().source());
      assertEquals(vpce, second.header().vpcEndpointId());
      assertEquals(encoded.length, buf.position(), "payload after the header stays unread");
    }
  }

  @Test
  void honoursBufferPositionAndIgnoresByteOrder() {
    byte[] encoded = ProxyProtocolV2.encode(addr("127.0.0.5", 40000), addr("127.1.0.10", 80), VPCE);
    ByteBuffer buf = ByteBuffer.wrap(concat(hex("AABBCC"), encoded));
    buf.order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buf.position(3);
    ParseResult result = ProxyProtocolV2Parser.parse(buf);
    assertEquals(Status.HEADER, result.status());
    assertEquals(40000, result.header().source().getPort());
    assertEquals(3 + encoded.length, buf.position());
  }

  @Test
  void plainHttpIsNotProxy() {
    byte[] http = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.wrap(http);
    assertEquals(Status.NOT_PROXY, ProxyProtocolV2Parser.parse(buf).status());
    assertEquals(0, buf.position());
    assertEquals(Status.NOT_PROXY, parse(Arrays.copyOf(http, 1)).status(), "one byte suffices");
  }

  @Test
  void version1TextHeaderIsNotProxy() {
    byte[] v1 = "PROXY TCP4 10.0.0.1 10.0.0.2 1 2\r\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals(Status.NOT_PROXY, parse(v1).status());
  }

  @Test
  void signatureDivergingLateIsNotProxy() {
    byte[] almost = SIGNATURE.clone();
    almost[11] = 'X';
    assertEquals(Status.NEED_MORE, parse(Arrays.copyOf(almost, 11)).status());
    assertEquals(Status.NOT_PROXY, parse(almost).status());
  }

  @Test
  void emptyInputNeedsMore() {
    assertEquals(Status.NEED_MORE, parse(new byte[0]).status());
  }

  @ParameterizedTest
  @ValueSource(ints = {0x11, 0x31, 0x01, 0xF1})
  void corruptedVersionIsMalformed(int versionCommand) {
    byte[] b = ProxyProtocolV2.encode(addr("127.0.0.5", 40000), addr("127.1.0.10", 80), VPCE);
    b[12] = (byte) versionCommand;
    ByteBuffer buf = ByteBuffer.wrap(b);
    ParseResult result = ProxyProtocolV2Parser.parse(buf);
    assertEquals(Status.MALFORMED, result.status());
    assertNull(result.header());
    assertTrue(result.error().contains("version"), result.error());
    assertEquals(0, buf.position(), "MALFORMED leaves the buffer untouched");
    assertEquals(
        Status.MALFORMED, parse(Arrays.copyOf(b, 13)).status(), "detected as soon as byte 12 arrives");
  }

  @Test
  void unknownCommandIsMalformed() {
    byte[] b = ProxyProtocolV2.encode(addr("127.0.0.5", 40000), addr("127.1.0.10", 80), null);
    b[12] = 0x22;
    ParseResult result = parse(b);
    assertEquals(Status.MALFORMED, result.status());
    assertTrue(result.error().contains("command"), result.error());
  }

  @ParameterizedTest
  @ValueSource(ints = {0x01, 0x10, 0x13, 0x23, 0x41, 0xFF})
  void invalidFamilyIsMalformed(int family) {
    byte[] b = ProxyProtocolV2.encode(addr("127.0.0.5", 40000), addr("127.1.0.10", 80), null);
    b[13] = (byte) family;
    ParseResult result = parse(b);
    assertEquals(Status.MALFORMED, result.status());
    assertTrue(result.error().contains("family"), result.error());
  }

  @Test
  void lengthShorterThanAddressBlockIsMalformed() {
    byte[] ipv4Short = concat(SIGNATURE, hex("21 11 000B"), new byte[11]);
    assertEquals(Status.MALFORMED, parse(ipv4Short).status());
    byte[] ipv6AsIpv4Length = concat(SIGNATURE, hex("21 21 000C"), new byte[12]);
    assertEquals(Status.MALFORMED, parse(ipv6AsIpv4Length).status());
    assertEquals(
        Status.MALFORMED,
        parse(concat(SIGNATURE, hex("21 21 000C"))).status(),
        "detected from the fixed header alone");
  }

  @Test
  void tlvLengthOverflowIsMalformed() {
    byte[] good = ProxyProtocolV2.encode(addr("127.0.0.5", 40000), addr("127.1.0.10", 80), VPCE);
    byte[] b = good.clone();
    b[16 + 12 + 2] = 0x18; // TLV claims 24 value bytes, only 23 follow within the header
    ParseResult result = parse(concat(b, new byte[64])); // extra stream bytes must not be borrowed
    assertEquals(Status.MALFORMED, result.status());
    assertTrue(result.error().contains("0xEA"), result.error());
  }

  @Test
  void truncatedTlvHeaderIsMalformed() {
    byte[] b = concat(SIGNATURE, hex("21 11 000E"), new byte[12], hex("EA 00"));
    assertEquals(Status.MALFORMED, parse(b).status());
  }

  @Test
  void endpointIdWithForbiddenBytesIsMalformed() {
    byte[] b = concat(SIGNATURE, hex("21 11 0013"), new byte[12], hex("EA 0004 01 76 0A 76"));
    ParseResult result = parse(b);
    assertEquals(Status.MALFORMED, result.status());
    assertTrue(result.error().contains("endpoint id"), result.error());
  }

  @Test
  void parsesLocalHeader() {
    ByteBuffer buf = ByteBuffer.wrap(concat(ProxyProtocolV2.encodeLocal(), hex("474554")));
    ParseResult result = ProxyProtocolV2Parser.parse(buf);
    assertEquals(Status.HEADER, result.status());
    Header h = result.header();
    assertEquals(Command.LOCAL, h.command());
    assertEquals(0x00, h.familyAndTransport());
    assertNull(h.source());
    assertNull(h.destination());
    assertNull(h.vpcEndpointId());
    assertEquals(List.of(), h.tlvs());
    assertEquals(16, h.length());
    assertEquals(16, buf.position());
  }

  @Test
  void localHeaderIgnoresAddressesButKeepsTlvs() {
    byte[] b = ProxyProtocolV2.encode(addr("127.0.0.5", 40000), addr("127.1.0.10", 80), VPCE);
    b[12] = 0x20;
    ParseResult result = parse(b);
    assertEquals(Status.HEADER, result.status());
    assertEquals(Command.LOCAL, result.header().command());
    assertNull(result.header().source());
    assertNull(result.header().destination());
    assertEquals(VPCE, result.header().vpcEndpointId());
    assertEquals(b.length, result.header().length());
  }

  @Test
  void proxyWithUnspecifiedFamilyHasNoAddresses() {
    ParseResult result = parse(concat(SIGNATURE, hex("21 00 0000")));
    assertEquals(Status.HEADER, result.status());
    assertEquals(Command.PROXY, result.header().command());
    assertNull(result.header().source());
  }

  @Test
  void keepsAllTlvsInOrder() {
    byte[] b =
        concat(
            SIGNATURE,
            hex("21 11 0017"),
            hex("0A000001 0A000002 1F90 0050"),
            hex("04 0002 0000"), // PP2_TYPE_NOOP
            hex("EA 0003 01 7A 39")); // AWS, vpce id "z9"
    ParseResult result = parse(b);
    assertEquals(Status.HEADER, result.status(), () -> String.valueOf(result.error()));
    Header h = result.header();
    assertEquals(addr("10.0.0.1", 8080), h.source());
    assertEquals(addr("10.0.0.2", 80), h.destination());
    assertEquals("z9", h.vpcEndpointId());
    assertEquals(List.of(new Tlv(0x04, hex("0000")), new Tlv(0xEA, hex("017A39"))), h.tlvs());
  }

  @Test
  void awsTlvWithOtherSubtypeYieldsNoEndpointId() {
    byte[] b = concat(SIGNATURE, hex("21 11 0010"), new byte[12], hex("EA 0001 02"));
    ParseResult result = parse(b);
    assertEquals(Status.HEADER, result.status());
    assertNull(result.header().vpcEndpointId());
    assertEquals(1, result.header().tlvs().size());
  }

  @Test
  void tlvValuesAreDefensivelyCopied() {
    byte[] value = hex("0102");
    Tlv tlv = new Tlv(0x05, value);
    value[0] = 9;
    tlv.value()[1] = 9;
    assertArrayEquals(hex("0102"), tlv.value());
    assertNotNull(tlv.toString());
  }
}
