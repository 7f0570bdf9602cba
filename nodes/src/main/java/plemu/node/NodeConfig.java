package plemu.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

/** Builds the full configuration of one node: its identity and ports over the base config. */
public final class NodeConfig {
  private NodeConfig() {}

  /**
   * @param base the configuration to extend (for example {@code ConfigFactory.load()})
   * @param arteryPort remoting port, 0 for any free port
   */
  public static Config of(NodeSettings node, int arteryPort, Config base) {
    return ConfigFactory.empty()
        .withValue("plemu.node.name", ConfigValueFactory.fromAnyRef(node.name()))
        .withValue("plemu.node.role", ConfigValueFactory.fromAnyRef(node.role()))
        .withValue("plemu.node.region", ConfigValueFactory.fromAnyRef(node.region()))
        .withValue("plemu.node.az-id", ConfigValueFactory.fromAnyRef(node.azId()))
        .withValue("plemu.data-dir", ConfigValueFactory.fromAnyRef(node.dataDir().toString()))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(node.clusterRoles()))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(arteryPort))
        .withValue("pekko.cluster.distributed-data.durable.lmdb.dir",
            ConfigValueFactory.fromAnyRef(node.ddataDir().toString()))
        .withFallback(base)
        .resolve();
  }
}
