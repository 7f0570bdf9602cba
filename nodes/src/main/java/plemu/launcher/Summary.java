package plemu.launcher;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import plemu.cluster.Node;
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
    String token = scenario.accounts().isEmpty() ? "TOKEN" : scenario.accounts().get(0).token();
    b.append("\ntry:\n  curl -s -X POST ").append(url).append("/v1/DescribeAvailabilityZones -H 'Authorization: Bearer ")
        .append(token).append("'\n");
    b.append("\nCtrl-C stops every node.\n");
    return b.toString();
  }
}
