package plemu.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import plemu.launcher.EmbeddedCluster;

/** One embedded cluster (region node + three AZ nodes) for all tests of a class, stopped and deleted after. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogCapturingExtension.class)
public abstract class ClusterTestBase {
  protected EmbeddedCluster cluster;
  protected ApiClient api;
  protected Path dataDir;

  @BeforeAll
  void startCluster() throws Exception {
    dataDir = Files.createTempDirectory("plemu-test");
    cluster = TestClusters.start(dataDir, overrides());
    api = new ApiClient(cluster.apiAddress());
  }

  /** Settings of this class's cluster on top of the embedded defaults (none unless a class says). */
  protected Config overrides() throws Exception {
    return ConfigFactory.empty();
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) cluster.close();
    deleteRecursively(dataDir);
  }

  public static void deleteRecursively(Path dir) throws Exception {
    if (dir == null || !Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
