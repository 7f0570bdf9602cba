package plemu.dataplane.io;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * {@link TcpTransport} on Pekko's own TCP stages: per chunk, the selector, a TCP connection actor
 * and the stream's actor hand the bytes on (see docs/DESIGN.md, "The selector-loop IO", for why
 * {@code loop} is faster).
 */
final class PekkoTcp implements TcpTransport {
  private static final List<Inet.SocketOption> LISTENER_OPTIONS = List.of(TcpSO.tcpNoDelay(true));
  private static final List<Inet.SocketOption> OUTGOING_OPTIONS =
      List.of(TcpSO.tcpNoDelay(true), TcpSO.reuseAddress(true));

  private final ActorSystem<?> system;

  PekkoTcp(ActorSystem<?> system) {
    this.system = system;
  }

  @Override
  public Source<Incoming, CompletionStage<Listener>> bind(String host, int port, int backlog) {
    return Tcp.get(system).bind(host, port, backlog, LISTENER_OPTIONS, true, Optional.empty())
        .map(c -> new Incoming(c.localAddress(), c.remoteAddress(), c.flow()))
        .mapMaterializedValue(bound -> bound.thenApply(PekkoTcp::listener));
  }

  private static Listener listener(Tcp.ServerBinding binding) {
    return new Listener() {
      @Override
      public InetSocketAddress localAddress() {
        return binding.localAddress();
      }

      @Override
      public CompletionStage<Done> unbind() {
        return binding.unbind().thenApply(ignored -> Done.getInstance());
      }
    };
  }

  @Override
  public Flow<ByteString, ByteString, CompletionStage<Connected>> outgoingConnection(InetSocketAddress remote,
      Optional<InetSocketAddress> local, Optional<Duration> connectTimeout) {
    return Tcp.get(system)
        .outgoingConnection(remote, local, OUTGOING_OPTIONS, true, connectTimeout, Optional.empty())
        .mapMaterializedValue(c -> c.thenApply(o -> new Connected(o.localAddress(), o.remoteAddress())));
  }
}
