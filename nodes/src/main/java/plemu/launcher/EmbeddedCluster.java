package plemu.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import plemu.node.Node;
import plemu.node.NodeConfig;
import plemu.node.NodeSettings;
import plemu.controlplane.ApplyScenario;
import plemu.controlplane.WriterProtocol;
import plemu.scenario.Scenario;

/**
 * A whole topology in one JVM: one ActorSystem per node (region nodes and AZ nodes of the
 * scenario), joined as one real Pekko cluster over loopback.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Config> configs = new java.util.HashMap<>();
  private ApplyScenario.Applied initial;

  /** Where to listen and keep data: {@code apiPort} 0 picks a free port (tests). */
  public record Options(Path dataDir, String apiHost, int apiPort, Config base) {
    /** The embedded configuration, or the file named by {@code -Dconfig.file} (which should include "embedded"). */
    public static Options defaults(Path dataDir, int apiPort) {
      Config base = System.getProperty("config.file") != null ? ConfigFactory.load() : ConfigFactory.load("embedded");
      return new Options(dataDir, "127.0.0.1", apiPort, base);
    }
  }

  private EmbeddedCluster() {}

  /** The nodes a scenario needs: each region's node first, then every distinct AZ node. */
  public static List<NodeSettings> topology(Scenario scenario, Path dataDir) {
    List<NodeSettings> out = new ArrayList<>();
    for (Scenario.RegionSpec r : scenario.regions())
      out.add(new NodeSettings(r.node() == null ? r.name() : r.node(), NodeSettings.REGION, r.name(), "", dataDir));
    for (Scenario.RegionSpec r : scenario.regions())
      for (Scenario.ZoneSpec z : r.availabilityZones()) {
        String name = z.node() == null ? z.id() : z.node();
        if (out.stream().noneMatch(n -> n.name().equals(name)))
          out.add(NodeSettings.az(name, r.name(), z.id(), dataDir));
      }
    if (out.isEmpty()) throw new IllegalArgumentException("the scenario names no regions");
    return out;
  }

  /** Starts every node, waits until all are Up, then applies the scenario. */
  public static EmbeddedCluster start(Scenario scenario, Options options, Duration timeout) throws Exception {
    EmbeddedCluster cluster = new EmbeddedCluster();
    try {
      boolean firstRegion = true;
      for (NodeSettings s : topology(scenario, options.dataDir())) {
        Config base = options.base();
        if (s.isRegion()) {
          int port = firstRegion ? options.apiPort() : 0;
          base = base.withValue("plemu.api.port", ConfigValueFactory.fromAnyRef(port))
              .withValue("plemu.api.host", ConfigValueFactory.fromAnyRef(options.apiHost()));
          firstRegion = false;
        }
        Config config = NodeConfig.of(s, 0, base);
        Node node = Node.start(s, config);
        cluster.nodes.put(s.name(), node);
        cluster.configs.put(s.name(), config);
      }
      Node seed = cluster.nodes.values().iterator().next();
      cluster.nodes.values().forEach(n -> n.join(seed.address()));
      cluster.awaitUp(timeout);
      cluster.awaitApi(options);
      cluster.initial = cluster.apply(scenario, timeout);
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  private void awaitUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Node seed = nodes.values().iterator().next();
    while (System.nanoTime() < deadline) {
      long up = 0;
      for (var m : Cluster.get(seed.system()).state().getMembers()) if (m.status() == MemberStatus.up()) up++;
      if (up == nodes.size()) return;
      Thread.sleep(50);
    }
    throw new IllegalStateException("the cluster did not form within " + timeout);
  }

  private void awaitApi(Options options) {
    try {
      apiAddress();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("the API could not listen on " + options.apiHost() + ":" + options.apiPort()
          + " (" + cause.getMessage() + "); is another plemu running? Choose another port with --api-port");
    }
  }

  /**
   * Applies a scenario through the region's control-plane writer. Applying is idempotent, so a write
   * that a majority could not confirm in time (a busy machine, nodes still starting, the writer
   * catching up) is tried again, up to 10 times half a second apart.
   */
  public ApplyScenario.Applied apply(Scenario scenario, Duration timeout) throws Exception {
    var writer = regionNode().writer().orElseThrow();
    for (int attempt = 1; ; attempt++) {
      WriterProtocol.Reply reply = AskPattern.<WriterProtocol.Command, WriterProtocol.Reply>ask(writer,
              replyTo -> new WriterProtocol.Apply(new ApplyScenario(scenario), replyTo), timeout,
              regionNode().system().scheduler())
          .toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      if (reply instanceof WriterProtocol.Accepted accepted) {
        // as the API does: answer once every node serves the scenario
        regionNode().stateAccess().appliedEverywhere(accepted.version(), timeout).toCompletableFuture()
            .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        return (ApplyScenario.Applied) accepted.result();
      }
      var error = ((WriterProtocol.Refused) reply).error();
      if (error.httpStatus() != 503 || attempt == 10)
        throw new IllegalArgumentException(error.code() + ": " + error.message());
      Thread.sleep(500); // the writer may be starting (catching up with a majority)
    }
  }

  /**
   * Starts a node again (after {@link Node#crash} or {@link Node#stop}) from its data directory, with
   * its configuration, joins it to the cluster through a running node and waits until it is Up: an
   * AZ node coming back after an outage, or the region's node after a restart (its API then listens
   * on a new port when the configured one is 0).
   */
  public Node restart(String name, Duration timeout) throws Exception {
    Node old = node(name);
    old.whenStopped().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Node contact = nodes.values().stream().filter(n -> n != old && !n.whenStopped().toCompletableFuture().isDone())
        .findFirst().orElseThrow(() -> new IllegalStateException("no running node to rejoin through"));
    Node fresh = Node.start(old.settings(), configs.get(name));
    nodes.put(name, fresh);
    fresh.join(contact.address());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (Cluster.get(fresh.system()).selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException(name + " did not rejoin within " + timeout);
      Thread.sleep(100);
    }
    return fresh;
  }

  /** What applying the scenario at start created and found. */
  public ApplyScenario.Applied initial() {
    return initial;
  }

  /** The first region node: it serves the API on the requested port. */
  public Node regionNode() {
    return nodes.values().stream().filter(n -> n.settings().isRegion()).findFirst().orElseThrow();
  }

  public InetSocketAddress apiAddress() throws Exception {
    return regionNode().api().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  public Map<String, Node> nodes() {
    return nodes;
  }

  public Node node(String name) {
    Node n = nodes.get(name);
    if (n == null) throw new IllegalArgumentException("no node " + name + "; nodes are " + nodes.keySet());
    return n;
  }

  /**
   * Stops every node that is still running, cleanly: all of them leave the cluster at once
   * ({@link Node#leave}), so none sees another vanish, and each unbinds its listeners and closes
   * its flows before its system stops.
   */
  @Override
  public void close() {
    List<java.util.concurrent.CompletableFuture<Void>> stops = new ArrayList<>();
    for (Node n : nodes.values())
      if (!n.whenStopped().toCompletableFuture().isDone()) stops.add(n.leave().toCompletableFuture());
    for (var stop : stops) {
      try {
        stop.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // keep stopping the others
      }
    }
  }
}
