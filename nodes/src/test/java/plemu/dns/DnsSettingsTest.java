package plemu.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The upstream's address as {@code plemu.dns.upstream} may write it. */
class DnsSettingsTest {
  @Test
  void upstreamAddressesInEveryForm() {
    assertEquals(new InetSocketAddress("127.0.0.53", 53), DnsSettings.hostPort("127.0.0.53"));
    assertEquals(new InetSocketAddress("127.0.0.1", 5300), DnsSettings.hostPort("127.0.0.1:5300"));
    assertEquals(new InetSocketAddress("::1", 53), DnsSettings.hostPort("::1"));
    assertEquals(new InetSocketAddress("::1", 53), DnsSettings.hostPort("[::1]"));
    assertEquals(new InetSocketAddress("::1", 5300), DnsSettings.hostPort("[::1]:5300"));
    assertThrows(IllegalArgumentException.class, () -> DnsSettings.hostPort("127.0.0.1:port"));
  }
}
