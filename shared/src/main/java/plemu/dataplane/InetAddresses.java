package plemu.dataplane;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/** Address helpers for the data plane: IPv4-mapped IPv6 normalisation and resolution checks. */
final class InetAddresses {

  private InetAddresses() {}

  /**
   * The raw bytes of {@code address}: 4 for IPv4, 16 for IPv6, where an IPv4-mapped IPv6 address
   * ({@code ::ffff:a.b.c.d}) is reduced to its 4 IPv4 bytes.
   */
  static byte[] normalisedBytes(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  /** The resolved address of {@code socketAddress}; throws if it is unresolved. */
  static InetAddress resolved(InetSocketAddress socketAddress, String role) {
    Objects.requireNonNull(socketAddress, role);
    InetAddress address = socketAddress.getAddress();
    if (address == null) {
      throw new IllegalArgumentException(role + " " + socketAddress + " is unresolved");
    }
    return address;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    if (bytes.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
  }
}
