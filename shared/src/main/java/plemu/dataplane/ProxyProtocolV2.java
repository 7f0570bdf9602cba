package plemu.dataplane;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Encoder of the HAProxy PROXY protocol v2 binary header as an AWS Network Load Balancer sends it to
 * targets of PrivateLink flows: TCP over IPv4 or IPv6, optionally with the AWS VPC-endpoint-id TLV.
 * Decoding lives in {@link ProxyProtocolV2Parser}.
 */
public final class ProxyProtocolV2 {

  /** Length of the signature that opens every v2 header. */
  public static final int SIGNATURE_LENGTH = 12;

  /** Length of the fixed part: signature, version/command, family/transport and the 2-byte length. */
  public static final int FIXED_HEADER_LENGTH = 16;

  /** Version/command byte: protocol version 2, command PROXY (a relayed connection). */
  public static final int VERSION_2_PROXY = 0x21;

  /** Version/command byte: protocol version 2, command LOCAL (e.g. a health check; no client). */
  public static final int VERSION_2_LOCAL = 0x20;

  /** Family/transport byte: unspecified family and transport (used with LOCAL). */
  public static final int UNSPEC = 0x00;

  /** Family/transport byte: AF_INET over STREAM (TCP over IPv4). */
  public static final int TCP_OVER_IPV4 = 0x11;

  /** Family/transport byte: AF_INET6 over STREAM (TCP over IPv6). */
  public static final int TCP_OVER_IPV6 = 0x21;

  /** Size of the address block for IPv4: source and destination address (4 each) and ports (2 each). */
  public static final int IPV4_ADDRESS_BLOCK_LENGTH = 12;

  /** Size of the address block for IPv6: source and destination address (16 each) and ports (2 each). */
  public static final int IPV6_ADDRESS_BLOCK_LENGTH = 36;

  /** TLV type PP2_TYPE_AWS, the AWS-specific TLV. */
  public static final int AWS_TLV_TYPE = 0xEA;

  /** First value byte of the AWS TLV, PP2_SUBTYPE_AWS_VPCE_ID: the rest is the ASCII VPC endpoint id. */
  public static final int AWS_SUBTYPE_VPCE_ID = 0x01;

  /** Characters a VPC endpoint id may contain (the check go-proxyproto applies to the AWS TLV). */
  static final Pattern VPCE_ID_CHARACTERS = Pattern.compile("[A-Za-z0-9-]*");

  private static final byte[] SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };

  private ProxyProtocolV2() {}

  /** A copy of the 12-byte v2 signature {@code \r\n\r\n\0\r\nQUIT\n}. */
  public static byte[] signature() {
    return SIGNATURE.clone();
  }

  /** The signature byte at {@code index} (0..11), for the parser without copying. */
  static byte signatureByte(int index) {
    return SIGNATURE[index];
  }

  /**
   * Encodes a PROXY header for a TCP flow from {@code source} to {@code destination}, with the AWS
   * VPC-endpoint TLV unless {@code vpcEndpointId} is null.
   *
   * <p>Both addresses must be resolved and of the same family; an IPv4-mapped IPv6 address counts as
   * IPv4 and is written as such. The endpoint id must be non-empty and match {@code [A-Za-z0-9-]+}.
   *
   * @throws IllegalArgumentException on unresolved or mixed-family addresses or a bad endpoint id
   * @throws NullPointerException if {@code source} or {@code destination} is null
   */
  public static byte[] encode(
      InetSocketAddress source, InetSocketAddress destination, String vpcEndpointId) {
    byte[] sourceIp = InetAddresses.normalisedBytes(InetAddresses.resolved(source, "source"));
    byte[] destinationIp =
        InetAddresses.normalisedBytes(InetAddresses.resolved(destination, "destination"));
    if (sourceIp.length != destinationIp.length) {
      throw new IllegalArgumentException(
          "source "
              + source
              + " and destination "
              + destination
              + " are of different address families");
    }
    byte[] endpointId = vpcEndpointIdBytes(vpcEndpointId);
    boolean ipv4 = sourceIp.length == 4;
    int addressBlock = ipv4 ? IPV4_ADDRESS_BLOCK_LENGTH : IPV6_ADDRESS_BLOCK_LENGTH;
    int tlvLength = endpointId == null ? 0 : 3 + 1 + endpointId.length;
    int payloadLength = addressBlock + tlvLength;

    ByteBuffer out = ByteBuffer.allocate(FIXED_HEADER_LENGTH + payloadLength);
    out.put(SIGNATURE);
    out.put((byte) VERSION_2_PROXY);
    out.put((byte) (ipv4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6));
    out.putShort((short) payloadLength);
    out.put(sourceIp);
    out.put(destinationIp);
    out.putShort((short) source.getPort());
    out.putShort((short) destination.getPort());
    if (endpointId != null) {
      out.put((byte) AWS_TLV_TYPE);
      out.putShort((short) (1 + endpointId.length));
      out.put((byte) AWS_SUBTYPE_VPCE_ID);
      out.put(endpointId);
    }
    return out.array();
  }

  /**
   * Encodes a LOCAL header with unspecified family and no addresses or TLVs (16 bytes), the form
   * plemu uses for health-check connections, which carry no client information.
   */
  public static byte[] encodeLocal() {
    ByteBuffer out = ByteBuffer.allocate(FIXED_HEADER_LENGTH);
    out.put(SIGNATURE);
    out.put((byte) VERSION_2_LOCAL);
    out.put((byte) UNSPEC);
    out.putShort((short) 0);
    return out.array();
  }

  private static byte[] vpcEndpointIdBytes(String vpcEndpointId) {
    if (vpcEndpointId == null) {
      return null;
    }
    if (vpcEndpointId.isEmpty() || !VPCE_ID_CHARACTERS.matcher(vpcEndpointId).matches()) {
      throw new IllegalArgumentException(
          "VPC endpoint id '" + vpcEndpointId + "' must be non-empty and match [A-Za-z0-9-]+");
    }
    int maxIdLength = 0xFFFF - IPV6_ADDRESS_BLOCK_LENGTH - 4;
    if (vpcEndpointId.length() > maxIdLength) {
      throw new IllegalArgumentException(
          "VPC endpoint id of " + vpcEndpointId.length() + " chars exceeds " + maxIdLength);
    }
    return vpcEndpointId.getBytes(StandardCharsets.US_ASCII);
  }
}
