package plemu.dataplane;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The ActorSystem that carries an AZ node's TCP flows: local (not clustered), with its stream
 * actors and its TCP connection actors on one small pool and 256 KiB read and write chunks
 * ({@code plemu.data-plane.actor-system} in reference.conf; the settings come from
 * docs/PROXY-TUNING.md). Keeping flows out of the clustered ActorSystem means a busy data plane
 * cannot delay the node's heartbeats and get it downed, which the benchmark saw when both shared
 * one IO pool.
 */
public final class DataPlaneSystem {
  private DataPlaneSystem() {}

  /** Starts the data-plane system of the AZ node {@code azId}, configured from the node's config. */
  public static ActorSystem<Void> start(String azId, Config nodeConfig) {
    SourcePorts.range(nodeConfig.getString("plemu.data-plane.source-ports")); // refused early when it overlaps
    Config config = nodeConfig.getConfig("plemu.data-plane.actor-system").withFallback(nodeConfig);
    return ActorSystem.create(Behaviors.empty(), "plemu-data-plane-" + azId.replaceAll("[^A-Za-z0-9-]", "-"), config);
  }
}
