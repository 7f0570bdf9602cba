package plemu.api;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import plemu.controlplane.WriterProtocol;

/** Binds the HTTP API of a region node and unbinds it on coordinated shutdown. */
public final class ApiServer {
  private ApiServer() {}

  public record Settings(String host, int port, Duration readTimeout, Duration writeTimeout) {
    public static Settings fromConfig(com.typesafe.config.Config api) {
      return new Settings(api.getString("host"), api.getInt("port"), api.getDuration("read-timeout"),
          api.getDuration("write-timeout"));
    }
  }

  public static CompletionStage<InetSocketAddress> start(
      ActorSystem<?> system, ActorRef<WriterProtocol.Command> writer, String region, Settings settings) {
    ApiRoutes routes = new ApiRoutes(system, writer, region, settings.readTimeout(), settings.writeTimeout());
    return Http.get(system).newServerAt(settings.host(), settings.port()).bind(routes.routes())
        .thenApply(binding -> {
          binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
          return binding.localAddress();
        });
  }
}
