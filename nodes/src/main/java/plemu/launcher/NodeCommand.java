package plemu.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
import plemu.scenario.ScenarioFiles;

/**
 * {@code plemu node}: one node in this process. Identity and ports come from flags, or from a HOCON
 * file ({@code --config}) over {@code node.conf}. A region node given {@code --scenario} applies it
 * once it is Up.
 */
public final class NodeCommand {
  private NodeCommand() {}

  public static void run(String[] args) throws Exception {
    try {
      start(args);
    } catch (IllegalArgumentException | IllegalStateException | plemu.controlplane.AwsException
        | com.typesafe.config.ConfigException e) {
      System.err.println("plemu node: " + (e instanceof plemu.controlplane.AwsException a ? a.error().message() : e.getMessage()));
      System.exit(2);
    }
  }

  private static void start(String[] args) throws Exception {
    Flags f = Flags.parse(args, Set.of("--role", "--name", "--region", "--az-id", "--port", "--seed", "--api-port",
        "--api-host", "--data-dir", "--scenario", "--config"), Set.of());
    Config config = f.has("--config")
        ? ConfigFactory.parseFile(Path.of(f.get("--config", "")).toFile()).withFallback(ConfigFactory.load("node"))
        : ConfigFactory.load("node");
    config = override(config, "plemu.node.role", f.get("--role", null));
    config = override(config, "plemu.node.name", f.get("--name", null));
    config = override(config, "plemu.node.region", f.get("--region", null));
    config = override(config, "plemu.node.az-id", f.get("--az-id", null));
    config = override(config, "plemu.data-dir", f.get("--data-dir", null));
    config = override(config, "plemu.api.port", f.get("--api-port", null));
    config = override(config, "plemu.api.host", f.get("--api-host", null));
    if (config.getString("plemu.node.name").isEmpty() && config.hasPath("plemu.node.role")) {
      String role = config.getString("plemu.node.role");
      String name = role.equals("az") ? config.getString("plemu.node.az-id") : config.getString("plemu.node.region");
      config = override(config, "plemu.node.name", name);
    }
    List<String> seeds = f.all("--seed").stream().map(s -> "pekko://" + Node.SYSTEM_NAME + "@" + s).toList();
    if (!seeds.isEmpty()) config = config.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds));
    NodeSettings settings = NodeSettings.fromConfig(config.getConfig("plemu"));
    int port = Flags.port(f.get("--port", config.getString("pekko.remote.artery.canonical.port")), "--port");
    // Load the scenario before starting anything, so a bad file stops here.
    Scenario scenario = f.has("--scenario") ? ScenarioFiles.load(Path.of(f.get("--scenario", ""))) : null;
    Node node = Node.start(settings, NodeConfig.of(settings, port, config));
    System.out.println("plemu node " + settings.name() + " (" + settings.role() + ", region " + settings.region()
        + (settings.isRegion() ? "" : ", az " + settings.azId()) + ") at " + node.address()
        + (seeds.isEmpty() ? "; no seeds: join it with --seed, or it waits" : "; seeds " + seeds));
    if (settings.isRegion()) {
      try {
        var api = node.api().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("API: http://" + api.getHostString() + ":" + api.getPort());
      } catch (Exception e) {
        System.err.println("plemu node: the API could not start: " + e.getMessage());
        node.crash(Duration.ofSeconds(10));
        System.exit(1);
      }
      if (scenario != null) applyWhenUp(node, scenario);
    }
    node.whenStopped().toCompletableFuture().get();
  }

  /**
   * Applies the scenario once this node is Up. Applying is idempotent, so a write that a majority
   * could not confirm yet (nodes still joining) is simply tried again, a bounded number of times.
   */
  private static void applyWhenUp(Node node, Scenario scenario) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (Cluster.get(node.system()).selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        System.err.println("scenario not applied: this node did not become Up within 2 minutes (are the seeds right?)");
        return;
      }
      Thread.sleep(100);
    }
    Duration timeout = Duration.ofSeconds(30);
    for (int attempt = 1; attempt <= 10; attempt++) {
      WriterProtocol.Reply reply = AskPattern.<WriterProtocol.Command, WriterProtocol.Reply>ask(node.writer().orElseThrow(),
              replyTo -> new WriterProtocol.Apply(new ApplyScenario(scenario), replyTo), timeout, node.system().scheduler())
          .toCompletableFuture().get(timeout.toSeconds() + 1, TimeUnit.SECONDS);
      if (reply instanceof WriterProtocol.Accepted) {
        System.out.println("scenario '" + scenario.name() + "' applied");
        return;
      }
      var error = ((WriterProtocol.Refused) reply).error();
      if (error.httpStatus() != 503) {
        System.err.println("scenario refused: " + error.message());
        return;
      }
      System.err.println("scenario not confirmed yet (attempt " + attempt + "/10), retrying: " + error.message());
      Thread.sleep(2000);
    }
    System.err.println("scenario refused: no majority of nodes confirmed it after 10 attempts");
  }

  private static Config override(Config config, String path, String value) {
    return value == null ? config : config.withValue(path, ConfigValueFactory.fromAnyRef(value));
  }
}
