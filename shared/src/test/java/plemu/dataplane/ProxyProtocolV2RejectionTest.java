package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.dataplane.ProxyProtocolV2Fixtures.SIGNATURE;
import static plemu.dataplane.ProxyProtocolV2Fixtures.VPCE;
import static plemu.dataplane.ProxyProtocolV2Fixtures.addr;
import static plemu.dataplane.ProxyProtocolV2Fixtures.concat;
import static plemu.dataplane.ProxyProtocolV2Fixtures.hex;
import static plemu.dataplane.ProxyProtocolV2Fixtures.parse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import plemu.dataplane.ProxyProtocolV2Parser.ParseResult;
import plemu.dataplane.ProxyProtocolV2Parser.ParseResult.Status;

/**
 * What {@link ProxyProtocolV2Parser} does with input that is not a usable v2 header: other
 * protocols (plain HTTP, the v1 text header) are NOT_PROXY, input too short to tell needs more,
 * and a wrong version, command, family, length or TLV is MALFORMED, leaving the buffer untouched.
 */
class ProxyProtocolV2RejectionTest {

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
}
