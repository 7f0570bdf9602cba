package plemu.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import plemu.launcher.EmbeddedCluster;
import plemu.scenario.Scenario;
import plemu.scenario.ScenarioFiles;

/** Starts the embedded cluster of the tests (region node + three AZ nodes) on free ports and a temp data dir. */
public final class TestClusters {
  private TestClusters() {}

  public static final String TOKEN_A = "token-a";
  public static final String TOKEN_B = "token-b";
  public static final String OPERATOR = "test-operator";
  public static final String ACCOUNT_A = "111111111111";
  public static final String ACCOUNT_B = "222222222222";

  public static Scenario scenario() throws Exception {
    try (var in = TestClusters.class.getResourceAsStream("/test-scenario.yaml")) {
      return ScenarioFiles.parse(new String(in.readAllBytes()), "test-scenario.yaml");
    }
  }

  public static EmbeddedCluster start(Path dataDir) throws Exception {
    return start(dataDir, ConfigFactory.empty());
  }

  /** The test cluster with {@code overrides} on top of the embedded configuration. */
  public static EmbeddedCluster start(Path dataDir, Config overrides) throws Exception {
    var defaults = EmbeddedCluster.Options.defaults(dataDir, 0);
    var options = new EmbeddedCluster.Options(dataDir, defaults.apiHost(), 0, overrides.withFallback(defaults.base()));
    return EmbeddedCluster.start(scenario(), options, Duration.ofSeconds(60));
  }

  public static EmbeddedCluster start() throws Exception {
    return start(Files.createTempDirectory("plemu-test"));
  }
}
