package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static plemu.dataplane.ProxyProtocolV2Fixtures.SIGNATURE;
import static plemu.dataplane.ProxyProtocolV2Fixtures.VPCE;
import static plemu.dataplane.ProxyProtocolV2Fixtures.addr;
import static plemu.dataplane.ProxyProtocolV2Fixtures.concat;
import static plemu.dataplane.ProxyProtocolV2Fixtures.hex;
import static plemu.dataplane.ProxyProtocolV2Fixtures.parse;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import plemu.dataplane.ProxyProtocolV2Parser.Command;
import plemu.dataplane.ProxyProtocolV2Parser.Header;
import plemu.dataplane.ProxyProtocolV2Parser.ParseResult;
import plemu.dataplane.ProxyProtocolV2Parser.ParseResult.Status;
import plemu.dataplane.ProxyProtocolV2Parser.Tlv;

/**
 * How {@link ProxyProtocolV2Parser} reads well-formed headers: every encoded flow round-trips,
 * a header split at any byte needs more and then decodes, the payload after it stays unread, and
 * LOCAL headers, headers without addresses and all TLVs (also unknown ones) are kept as sent.
 * Input it rejects is in {@link ProxyProtocolV2RejectionTest}.
 */
class ProxyProtocolV2ParsingTest {

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
