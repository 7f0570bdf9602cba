package plemu.launcher;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Comparator;
import plemu.controlplane.Desired;
import plemu.model.Listener;
import plemu.model.NetworkInterface;
import plemu.model.Tag;
import plemu.model.VpcEndpoint;
import plemu.node.Node;
import plemu.controlplane.ApplyScenario;
import plemu.scenario.Scenario;

/** What {@code plemu up} prints once everything runs: nodes, accounts and tokens, the API, a first call. */
final class Summary {
  private Summary() {}

  static String of(Path file, Scenario scenario, EmbeddedCluster cluster, InetSocketAddress api,
      ApplyScenario.Applied applied, Path dataDir) {
    StringBuilder b = new StringBuilder();
    String url = "http://" + api.getHostString() + ":" + api.getPort();
    b.append("\nplemu is up: scenario '").append(scenario.name()).append("' (").append(file).append(")\n");
    b.append("\nnodes (one ActorSystem each, one Pekko cluster on loopback):\n");
    for (Node n : cluster.nodes().values()) {
      b.append(String.format("  %-12s %-6s region %-10s %s %s%n", n.settings().name(), n.settings().role(),
          n.settings().region(), n.settings().azId().isEmpty() ? "" : "az " + n.settings().azId(), n.address()));
    }
    b.append("\naccounts:\n");
    for (Scenario.AccountSpec a : scenario.accounts())
      b.append(String.format("  %s  %-10s token %s%n", a.id(), a.name() == null ? "" : a.name(), a.token()));
    if (scenario.operatorToken() != null) b.append("  operator               token ").append(scenario.operatorToken()).append('\n');
    b.append("\nAPI: ").append(url).append("   (POST /v1/<Action>, JSON body, Authorization: Bearer <token>)\n");
    b.append("state: ").append(dataDir.toAbsolutePath()).append("  (created ").append(applied.created().size())
        .append(", already there ").append(applied.unchanged().size()).append(")\n");
    b.append(endpoints(cluster));
    String token = scenario.accounts().isEmpty() ? "TOKEN" : scenario.accounts().get(0).token();
    b.append("\ntry:\n  curl -s -X POST ").append(url).append("/v1/DescribeAvailabilityZones -H 'Authorization: Bearer ")
        .append(token).append("'\n");
    b.append("\nCtrl-C stops every node.\n");
    return b.toString();
  }

  /** curl for HTTP services, nc for the echo app. */
  private static String command(Desired state, Listener l, String host) {
    var tg = state.targetGroups().get(l.targetGroupArn());
    boolean echo = tg != null && tg.targets().stream().map(t -> state.instances().get(t.id()))
        .anyMatch(i -> i != null && i.imageId().equals("plemu-echo"));
    return echo ? "nc " + host + " " + l.port() : "curl http://" + host + ":" + l.port() + "/";
  }

  /** For every available interface endpoint: where a client on this host can connect right away. */
  private static String endpoints(EmbeddedCluster cluster) {
    Desired state = cluster.regionNode().state();
    StringBuilder b = new StringBuilder();
    for (VpcEndpoint e : state.vpcEndpoints().values().stream().sorted(Comparator.comparing(VpcEndpoint::vpcEndpointId)).toList()) {
      if (b.length() == 0) b.append("\ninterface endpoints (connect from this host):\n");
      String name = Tag.nameOf(e.tags()).orElse("");
      b.append(String.format("  %s %s (account %s, %s) -> %s%n", e.vpcEndpointId(), name, e.ownerId(), e.state(), e.serviceName()));
      for (VpcEndpoint.Attachment a : e.attachments()) {
        NetworkInterface eni = state.networkInterfaces().get(a.networkInterfaceId());
        if (eni == null) continue;
        state.rowsWhere(plemu.controlplane.Table.LISTENERS_BY_LOAD_BALANCER, a.loadBalancerArn()).stream()
            .sorted(Comparator.comparingInt(Listener::port))
            .forEach(l -> b.append(String.format("    %s  %s   (private IP %s)%n", a.zoneId(),
                command(state, l, eni.hostAddress()), eni.privateIpAddress())));
      }
    }
    return b.toString();
  }
}
