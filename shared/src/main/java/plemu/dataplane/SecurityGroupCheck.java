package plemu.dataplane;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import plemu.controlplane.Desired;
import plemu.model.Ipv4;
import plemu.model.NetworkInterface;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;

/**
 * Security groups on the data path: may a TCP client reach a port of an interface guarded by some
 * groups? A client that is itself an emulated interface (an instance's) is judged by its private IP
 * and its groups; any other client (a process on the host) by its real address, with no groups.
 */
public final class SecurityGroupCheck {
  private SecurityGroupCheck() {}

  /** Who the client is, as the guarded interface sees it. */
  public record Client(int ip, List<String> groupIds) {
    public String address() {
      return Ipv4.format(ip);
    }
  }

  /** The client of a connection coming from {@code real}: an emulated interface when one holds that host address. */
  public static Client identify(Desired state, InetSocketAddress real) {
    String host = real.getAddress().getHostAddress();
    Optional<NetworkInterface> eni = state.networkInterfaces().values().stream()
        .filter(e -> e.hostAddress().equals(host)).findFirst();
    return eni.map(e -> new Client(e.privateIp(), e.securityGroupIds()))
        .orElseGet(() -> new Client(Ipv4.parse(host), List.of()));
  }

  /** True when an ingress rule of one of {@code groupIds} admits TCP from {@code client} to {@code port}. */
  public static boolean allowsTcp(Desired state, List<String> groupIds, Client client, int port) {
    for (String id : groupIds) {
      SecurityGroup g = state.securityGroups().get(id);
      if (g == null) continue;
      for (SecurityGroupRule r : g.ingress()) if (admits(r, client, port)) return true;
    }
    return false;
  }

  static boolean admits(SecurityGroupRule r, Client client, int port) {
    boolean protocol = r.ipProtocol().equals("-1") || r.ipProtocol().equals("tcp");
    boolean ports = r.ipProtocol().equals("-1") || (port >= r.fromPort() && port <= r.toPort());
    boolean source = r.cidr() != null ? r.cidr().contains(client.ip()) : client.groupIds().contains(r.referencedGroupId());
    return protocol && ports && source;
  }
}
