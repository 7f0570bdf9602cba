package plemu.launcher;

import com.typesafe.config.ConfigValueFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import plemu.controlplane.AwsException;
import plemu.scenario.Scenario;
import plemu.scenario.ScenarioFiles;

/** {@code plemu up}: the embedded default, a whole topology in one JVM, until Ctrl-C. */
public final class UpCommand {
  private UpCommand() {}

  public static void run(String[] args) throws Exception {
    Path file;
    Path dataDir;
    int apiPort;
    Scenario scenario;
    Flags f;
    try {
      f = Flags.parse(args, Set.of("--api-port", "--data-dir", "--links"), Set.of("--fresh"));
      if (f.positional.size() > 1) throw new IllegalArgumentException("one scenario file at most: " + f.positional);
      file = Path.of(f.positional.isEmpty() ? "config/scenarios/default.yaml" : f.positional.get(0));
      dataDir = Path.of(f.get("--data-dir", "data"));
      apiPort = Flags.port(f.get("--api-port", "8080"), "--api-port");
      scenario = ScenarioFiles.load(file);
      if (f.has("--fresh")) deleteDataDir(dataDir);
    } catch (AwsException e) {
      System.err.println("plemu up: " + e.error().message());
      System.exit(2);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("plemu up: " + e.getMessage());
      System.exit(2);
      return;
    }
    EmbeddedCluster.Options options = EmbeddedCluster.Options.defaults(dataDir, apiPort);
    String links = f.get("--links", "default");
    if (!links.equals("default") && !links.equals("none")) {
      System.err.println("plemu up: --links takes default or none, not '" + links + "'");
      System.exit(2);
      return;
    }
    if (links.equals("none")) // no default impairment on any link (benchmarks); the operator's still apply
      options = new EmbeddedCluster.Options(options.dataDir(), options.apiHost(), options.apiPort(), options.base()
          .withValue("plemu.links.defaults", ConfigValueFactory.fromAnyRef("none")));
    EmbeddedCluster cluster;
    try {
      cluster = EmbeddedCluster.start(scenario, options, Duration.ofSeconds(60));
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("plemu up: " + e.getMessage());
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

  /** Deletes a data directory, but only one that holds nothing but plemu node directories. */
  static void deleteDataDir(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.toList())
        if (!Files.isDirectory(child.resolve("desired-state")))
          throw new IllegalArgumentException("--fresh: " + dir + " holds " + child.getFileName()
              + ", which is not a plemu node directory; not deleting it");
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
