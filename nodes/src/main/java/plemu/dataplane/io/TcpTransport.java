package plemu.dataplane.io;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * How the data plane reaches TCP: listeners and outgoing connections as Pekko Streams flows of
 * bytes. Every socket is TCP_NODELAY and half-close (a FIN one way leaves the other way open);
 * a failed flow resets its socket (RST). Two kinds, chosen by {@code plemu.data-plane.io}:
 * {@code pekko-io} (Pekko's own TCP stages, {@link PekkoTcp}) and {@code loop} (a selector loop
 * per data-plane system that is also the dispatcher its flows run on, {@code LoopTcp}).
 */
public interface TcpTransport {
  /** A connection a listener accepted; {@link #handleWith} runs it through a handler. */
  record Incoming(InetSocketAddress localAddress, InetSocketAddress remoteAddress,
      Flow<ByteString, ByteString, NotUsed> flow) {
    /** Joins the connection with {@code handler} and runs it; returns the handler's materialized value. */
    public <M> M handleWith(Flow<ByteString, ByteString, M> handler, ClassicActorSystemProvider system) {
      return flow.joinMat(handler, Keep.right()).run(system);
    }
  }

  /** A bound listener. */
  interface Listener {
    InetSocketAddress localAddress();

    /** Stops accepting; connections already accepted go on. */
    CompletionStage<Done> unbind();
  }

  /** An established outgoing connection. */
  record Connected(InetSocketAddress localAddress, InetSocketAddress remoteAddress) {}

  /**
   * A listener on {@code host:port}: its accepted connections, materialized as the listener once
   * bound (failed when it cannot bind).
   */
  Source<Incoming, CompletionStage<Listener>> bind(String host, int port, int backlog);

  /**
   * A connection to {@code remote}, from {@code local} when given (with SO_REUSEADDR so a chosen
   * source port may replace a TIME_WAIT entry); fails (and fails the flow) when the connect is
   * refused or does not finish within {@code connectTimeout}.
   */
  Flow<ByteString, ByteString, CompletionStage<Connected>> outgoingConnection(InetSocketAddress remote,
      Optional<InetSocketAddress> local, Optional<Duration> connectTimeout);

  /** The transport {@code plemu.data-plane.io} chooses for the data-plane system {@code system}. */
  static TcpTransport of(ActorSystem<?> system) {
    String io = system.settings().config().getString("plemu.data-plane.io");
    return switch (io) {
      case "pekko-io" -> new PekkoTcp(system);
      default -> throw new IllegalArgumentException(
          "plemu.data-plane.io must be pekko-io or loop, not '" + io + "'");
    };
  }
}
