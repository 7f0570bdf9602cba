package plemu.dns;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the VPC resolvers ({@code plemu.dns}): their port, and where names the emulator does
 * not own go (nowhere by default: NXDOMAIN).
 */
public record DnsSettings(int port, Optional<InetSocketAddress> upstream, Duration upstreamTimeout) {
  /**
   * The port used when 53 cannot be bound (not root, no CAP_NET_BIND_SERVICE); not 5353, which mDNS
   * (avahi) holds on many desktops.
   */
  public static final int FALLBACK_PORT = 8053;

  public static DnsSettings fromConfig(Config dns) {
    String port = dns.getString("port");
    String upstream = dns.getString("upstream");
    return new DnsSettings(port.equals("auto") ? autoPort() : Integer.parseInt(port),
        upstream.equals("off") ? Optional.empty() : Optional.of(hostPort(upstream)), dns.getDuration("upstream-timeout"));
  }

  /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port} (a bare IPv6 address: port 53). */
  static InetSocketAddress hostPort(String text) {
    String t = text.trim();
    try {
      if (t.startsWith("[")) {
        int close = t.indexOf(']');
        String host = t.substring(1, close);
        return new InetSocketAddress(host, close + 1 < t.length() ? Integer.parseInt(t.substring(close + 2)) : 53);
      }
      int colon = t.lastIndexOf(':');
      if (colon < 0 || t.indexOf(':') != colon) return new InetSocketAddress(t, 53);
      return new InetSocketAddress(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("plemu.dns.upstream: \"" + text + "\" is not host, host:port, [v6] or"
          + " [v6]:port", e);
    }
  }

  /**
   * 53 when this process may bind it (root or CAP_NET_BIND_SERVICE) and 127.0.0.1:53 is free (a
   * server on the wildcard address would take every loopback address), else {@link #FALLBACK_PORT}.
   */
  static int autoPort() {
    try (DatagramSocket probe = new DatagramSocket(null)) {
      probe.bind(new InetSocketAddress("127.0.0.1", 53));
      return 53;
    } catch (IOException e) {
      return FALLBACK_PORT;
    }
  }
}
