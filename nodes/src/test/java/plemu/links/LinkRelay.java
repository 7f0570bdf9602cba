package plemu.links;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import plemu.testing.EchoServer;

/**
 * A one-hop relay on loopback for the tests, shaped like an NLB node's: {@code Tcp.bind} (half-close
 * on), each connection handled by the link's BidiFlow joined with an outgoing connection to an echo
 * server. The link is use1-az1 -> use1-az2 with no default impairment; tests set its chains.
 */
final class LinkRelay implements AutoCloseable {
  static final LinkId LINK = new LinkId(Place.az("use1-az1"), Place.az("use1-az2"), LinkKind.CROSS_ZONE);

  final ActorSystem<Void> system;
  final PreciseTimer timer = PreciseTimer.start("links-test-timer", Duration.ofNanos(150_000));
  final EchoServer echo;
  final Links links;
  private final Tcp.ServerBinding binding;

  LinkRelay() throws Exception {
    Config base = ConfigFactory.load();
    system = ActorSystem.create(Behaviors.empty(), "links-test",
        base.getConfig("plemu.data-plane.actor-system").withFallback(base));
    echo = new EchoServer("127.0.0.1");
    links = new Links(LinkSettings.none(), timer, az -> "us-east-1");
    InetSocketAddress target = new InetSocketAddress("127.0.0.1", echo.port());
    Tcp tcp = Tcp.get(system);
    binding = tcp.bind("127.0.0.1", 0, 100, List.of(TcpSO.tcpNoDelay(true)), true, Optional.empty())
        .to(Sink.foreach(c -> c.handleWith(links.bidi(LINK).join(tcp.outgoingConnection(target, Optional.empty(),
            List.of(TcpSO.tcpNoDelay(true)), true, Optional.of(Duration.ofSeconds(5)), Optional.empty())), system)))
        .run(system).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  LiveChain chain(Direction d) {
    return links.link(LINK).chain(d);
  }

  void set(Direction d, ImpairmentSpec... specs) {
    chain(d).set(ImpairmentChain.of(specs));
  }

  /** A client connection through the relay; reads time out after 5 s. */
  Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(binding.localAddress(), 2000);
    s.setTcpNoDelay(true);
    s.setSoTimeout(5000);
    return s;
  }

  @Override
  public void close() throws Exception {
    binding.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    timer.close();
    echo.close();
  }
}
