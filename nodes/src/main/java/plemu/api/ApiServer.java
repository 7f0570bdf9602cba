package plemu.api;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import plemu.controlplane.WriterProtocol;

/**
 * Binds the HTTP API of a region node and unbinds it on coordinated shutdown (open requests get 5 s
 * to finish).
 */
public final class ApiServer {
  private ApiServer() {}

  /**
   * {@code plemu.api}, and the port the VPC resolvers use (shown by DescribeVpcs). {@code awaitAllNodes}:
   * a write is answered once every reachable node applied it, else once this node has.
   */
  public record Settings(String host, int port, Duration writeTimeout, boolean awaitAllNodes, Duration awaitTimeout,
      int dnsPort) {
    public static Settings fromConfig(com.typesafe.config.Config api, int dnsPort) {
      String await = api.getString("await-applied");
      if (!await.equals("all-nodes") && !await.equals("this-node"))
        throw new IllegalArgumentException("plemu.api.await-applied must be all-nodes or this-node, not '" + await + "'");
      return new Settings(api.getString("host"), api.getInt("port"), api.getDuration("write-timeout"),
          await.equals("all-nodes"), api.getDuration("await-applied-timeout"), dnsPort);
    }
  }

  public static CompletionStage<InetSocketAddress> start(
      ActorSystem<?> system, ActorRef<WriterProtocol.Command> writer, String region, Settings settings,
      plemu.events.EventStream events, plemu.state.StateAccess state) {
    plemu.cluster.CleanStopLogFilter.watch(system);
    ApiRoutes routes = new ApiRoutes(system, writer, region, state, settings, events);
    return Http.get(system).newServerAt(settings.host(), settings.port())
        .withSettings(ApiEdge.serverSettings(system.settings().config())).bind(routes.routes())
        .thenApply(binding -> {
          binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
          return binding.localAddress();
        });
  }
}
