package plemu.dataplane;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import plemu.dataplane.ProxyProtocolV2Parser.ParseResult;

/**
 * Shared helpers of the PROXY protocol v2 tests: an endpoint id, the 12-byte v2 signature written
 * out independently of the production code, socket addresses from IP literals, and byte arrays
 * from hex text or from parts; plus parsing a byte array with {@link ProxyProtocolV2Parser}.
 */
final class ProxyProtocolV2Fixtures {
  private ProxyProtocolV2Fixtures() {}

  static final String VPCE = "vpce-0123456789abcdef0";
  static final byte[] SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };

  static InetSocketAddress addr(String literalIp, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(literalIp), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replace(" ", ""));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static ParseResult parse(byte[] bytes) {
    return ProxyProtocolV2Parser.parse(ByteBuffer.wrap(bytes));
  }
}
