package plemu.dataplane;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Streaming decoder of a PROXY protocol v2 header at the start of a TCP stream, for plemu's own
 * targets (the whoami app shows the header it received). Never throws on bad input; a malformed
 * header yields a {@link ParseResult.Status#MALFORMED} result with a message.
 */
public final class ProxyProtocolV2Parser {

  private static final int UNIX_ADDRESS_BLOCK_LENGTH = 216;

  private ProxyProtocolV2Parser() {}

  /** The command in the low nibble of the version/command byte. */
  public enum Command {
    /** 0x0: the connection was made by the proxy itself (e.g. health check); addresses are ignored. */
    LOCAL,
    /** 0x1: the connection is relayed on behalf of the client in the address block. */
    PROXY
  }

  /** One type-length-value entry after the address block; {@code value} is copied in and out. */
  public record Tlv(int type, byte[] value) {

    /** Validates the type is one unsigned byte and copies the value. */
    public Tlv {
      if (type < 0 || type > 0xFF) {
        throw new IllegalArgumentException("TLV type " + type + " is outside 0..255");
      }
      value = value.clone();
    }

    /** A copy of the value bytes. */
    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Tlv tlv && tlv.type == type && Arrays.equals(tlv.value, value);
    }

    @Override
    public int hashCode() {
      return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return String.format("Tlv[type=0x%02X, value=%s]", type, HexFormat.of().formatHex(value));
    }
  }

  /**
   * A decoded header. {@code source} and {@code destination} are null for LOCAL and for the UNSPEC
   * and UNIX families; {@code vpcEndpointId} is null without an AWS 0xEA/0x01 TLV; {@code length} is
   * the total number of bytes the header occupies (16 + the length field).
   */
  public record Header(
      Command command,
      int familyAndTransport,
      InetSocketAddress source,
      InetSocketAddress destination,
      String vpcEndpointId,
      List<Tlv> tlvs,
      int length) {

    /** Copies the TLV list to an immutable list. */
    public Header {
      Objects.requireNonNull(command, "command");
      tlvs = List.copyOf(tlvs);
    }
  }

  /**
   * Outcome of {@link #parse}: {@code header} is set only for HEADER, {@code error} only for
   * MALFORMED.
   */
  public record ParseResult(Status status, Header header, String error) {

    /** What the bytes seen so far turned out to be. */
    public enum Status {
      /** The bytes so far are a valid prefix of a header; read more and parse again. */
      NEED_MORE,
      /** The stream does not start with the v2 signature: it carries no (v2) header. */
      NOT_PROXY,
      /** A complete, valid header was decoded. */
      HEADER,
      /** The signature matched but the rest is invalid; the connection should be dropped. */
      MALFORMED
    }

    private static final ParseResult NEED_MORE = new ParseResult(Status.NEED_MORE, null, null);
    private static final ParseResult NOT_PROXY = new ParseResult(Status.NOT_PROXY, null, null);

    /** The NEED_MORE result. */
    public static ParseResult needMore() {
      return NEED_MORE;
    }

    /** The NOT_PROXY result. */
    public static ParseResult notProxy() {
      return NOT_PROXY;
    }

    /** A HEADER result carrying {@code header}. */
    public static ParseResult of(Header header) {
      return new ParseResult(Status.HEADER, Objects.requireNonNull(header), null);
    }

    /** A MALFORMED result with a human-readable {@code error}. */
    public static ParseResult malformed(String error) {
      return new ParseResult(Status.MALFORMED, null, Objects.requireNonNull(error));
    }
  }

  /**
   * Parses a v2 header starting at {@code buf.position()}, reading up to {@code buf.limit()}. On
   * HEADER the position is advanced past the header (payload bytes that follow stay unread);
   * otherwise the buffer is left untouched. Byte order of {@code buf} is irrelevant.
   *
   * @throws NullPointerException if {@code buf} is null (the only exception it throws)
   */
  public static ParseResult parse(ByteBuffer buf) {
    Objects.requireNonNull(buf, "buf");
    try {
      ParseResult result = parseAt(buf, buf.position(), buf.remaining());
      if (result.status() == ParseResult.Status.HEADER) {
        buf.position(buf.position() + result.header().length());
      }
      return result;
    } catch (RuntimeException unexpected) {
      return ParseResult.malformed("unexpected decoder failure: " + unexpected);
    }
  }

  private static ParseResult parseAt(ByteBuffer buf, int start, int available) {
    int signatureBytes = Math.min(available, ProxyProtocolV2.SIGNATURE_LENGTH);
    for (int i = 0; i < signatureBytes; i++) {
      if (buf.get(start + i) != ProxyProtocolV2.signatureByte(i)) {
        return ParseResult.notProxy();
      }
    }
    if (available <= 12) {
      return ParseResult.needMore();
    }
    int versionCommand = unsignedByte(buf, start + 12);
    if (versionCommand >> 4 != 2) {
      return ParseResult.malformed(
          String.format(
              "unsupported version %d in version/command byte 0x%02X",
              versionCommand >> 4, versionCommand));
    }
    Command command;
    switch (versionCommand & 0x0F) {
      case 0x0 -> command = Command.LOCAL;
      case 0x1 -> command = Command.PROXY;
      default -> {
        return ParseResult.malformed(
            String.format(
                "unknown command 0x%X in version/command byte 0x%02X",
                versionCommand & 0x0F, versionCommand));
      }
    }
    if (available <= 13) {
      return ParseResult.needMore();
    }
    int familyAndTransport = unsignedByte(buf, start + 13);
    int addressBlockLength = addressBlockLength(familyAndTransport);
    if (addressBlockLength < 0) {
      return ParseResult.malformed(
          String.format("invalid address family/transport byte 0x%02X", familyAndTransport));
    }
    if (available < ProxyProtocolV2.FIXED_HEADER_LENGTH) {
      return ParseResult.needMore();
    }
    int payloadLength = unsignedShort(buf, start + 14);
    if (payloadLength < addressBlockLength) {
      return ParseResult.malformed(
          String.format(
              "length %d is shorter than the %d-byte address block of family 0x%02X",
              payloadLength, addressBlockLength, familyAndTransport));
    }
    int totalLength = ProxyProtocolV2.FIXED_HEADER_LENGTH + payloadLength;
    if (available < totalLength) {
      return ParseResult.needMore();
    }

    int addressStart = start + ProxyProtocolV2.FIXED_HEADER_LENGTH;
    InetSocketAddress source = null;
    InetSocketAddress destination = null;
    if (command == Command.PROXY && (familyAndTransport >> 4 == 1 || familyAndTransport >> 4 == 2)) {
      int ipLength = familyAndTransport >> 4 == 1 ? 4 : 16;
      int portStart = addressStart + 2 * ipLength;
      source = socketAddress(buf, addressStart, ipLength, unsignedShort(buf, portStart));
      destination =
          socketAddress(buf, addressStart + ipLength, ipLength, unsignedShort(buf, portStart + 2));
    }

    List<Tlv> tlvs = new ArrayList<>();
    int end = start + totalLength;
    int cursor = addressStart + addressBlockLength;
    while (cursor < end) {
      if (end - cursor < 3) {
        return ParseResult.malformed(
            String.format(
                "truncated TLV at header offset %d: %d bytes left, need 3",
                cursor - start, end - cursor));
      }
      int type = unsignedByte(buf, cursor);
      int valueLength = unsignedShort(buf, cursor + 1);
      int valueStart = cursor + 3;
      if (valueLength > end - valueStart) {
        return ParseResult.malformed(
            String.format(
                "TLV 0x%02X at header offset %d declares %d value bytes but only %d remain",
                type, cursor - start, valueLength, end - valueStart));
      }
      byte[] value = new byte[valueLength];
      buf.get(valueStart, value);
      tlvs.add(new Tlv(type, value));
      cursor = valueStart + valueLength;
    }

    String vpcEndpointId = null;
    for (Tlv tlv : tlvs) {
      byte[] value = tlv.value;
      if (tlv.type() == ProxyProtocolV2.AWS_TLV_TYPE
          && value.length >= 1
          && value[0] == ProxyProtocolV2.AWS_SUBTYPE_VPCE_ID) {
        String id = new String(value, 1, value.length - 1, StandardCharsets.US_ASCII);
        if (!ProxyProtocolV2.VPCE_ID_CHARACTERS.matcher(id).matches()) {
          return ParseResult.malformed(
              "AWS VPC endpoint id TLV contains bytes outside [A-Za-z0-9-]: "
                  + HexFormat.of().formatHex(value, 1, value.length));
        }
        vpcEndpointId = id;
        break;
      }
    }
    return ParseResult.of(
        new Header(
            command, familyAndTransport, source, destination, vpcEndpointId, tlvs, totalLength));
  }

  /** Address block size for a valid family/transport byte, or -1 if the spec says to reject it. */
  private static int addressBlockLength(int familyAndTransport) {
    return switch (familyAndTransport) {
      case 0x00 -> 0;
      case 0x11, 0x12 -> ProxyProtocolV2.IPV4_ADDRESS_BLOCK_LENGTH;
      case 0x21, 0x22 -> ProxyProtocolV2.IPV6_ADDRESS_BLOCK_LENGTH;
      case 0x31, 0x32 -> UNIX_ADDRESS_BLOCK_LENGTH;
      default -> -1;
    };
  }

  private static InetSocketAddress socketAddress(ByteBuffer buf, int offset, int length, int port) {
    byte[] ip = new byte[length];
    buf.get(offset, ip);
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException("a 4- or 16-byte address was rejected", impossible);
    }
  }

  private static int unsignedByte(ByteBuffer buf, int index) {
    return buf.get(index) & 0xFF;
  }

  private static int unsignedShort(ByteBuffer buf, int index) {
    return (unsignedByte(buf, index) << 8) | unsignedByte(buf, index + 1);
  }
}
