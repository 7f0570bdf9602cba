package plemu.launcher;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import plemu.scenario.Scenario;
import plemu.scenario.ScenarioFiles;

/** {@code plemu up}: the embedded default, a whole topology in one JVM, until Ctrl-C. */
public final class UpCommand {
  private UpCommand() {}

  public static void run(String[] args) throws Exception {
    Flags f = Flags.parse(args, Set.of("--api-port", "--data-dir"), Set.of("--fresh"));
    Path file = Path.of(f.positional.isEmpty() ? "config/scenarios/default.yaml" : f.positional.get(0));
    Path dataDir = Path.of(f.get("--data-dir", "data"));
    int apiPort = Integer.parseInt(f.get("--api-port", "8080"));
    Scenario scenario;
    try {
      scenario = ScenarioFiles.load(file);
    } catch (plemu.controlplane.AwsException e) {
      System.err.println(e.error().message());
      System.exit(2);
      return;
    }
    if (f.has("--fresh")) deleteRecursively(dataDir);
    EmbeddedCluster.Options options = EmbeddedCluster.Options.defaults(dataDir, apiPort);
    EmbeddedCluster cluster;
    try {
      cluster = EmbeddedCluster.start(scenario, options, Duration.ofSeconds(60));
    } catch (IllegalArgumentException e) {
      System.err.println("plemu: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("plemu: stopping all nodes");
      cluster.close();
      stopped.countDown();
    }, "plemu-shutdown"));
    InetSocketAddress api = cluster.apiAddress();
    System.out.println(Summary.of(file, scenario, cluster, api, cluster.initial(), dataDir));
    stopped.await();
  }

  static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
