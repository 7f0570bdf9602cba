package plemu.dns;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import plemu.controlplane.Desired;
import plemu.model.RegionInfo;
import plemu.model.Vpc;

/**
 * The DNS resolvers of a region's VPCs, on the region's node (the node the region names): for every
 * VPC with DNS support, a UDP and a TCP listener on the VPC's resolver host address and the
 * configured port, answering from this node's replica of the desired state, the cluster's view of
 * the AZ nodes and the health the NLB nodes publish. Reconciles to each new snapshot.
 */
public final class VpcResolvers {
  private VpcResolvers() {}

  public interface Command {}

  /** A new snapshot of the desired state. */
  public record StateChanged(Desired state) implements Command {}

  private record BindFailed(String vpcId, String address, Throwable cause) implements Command {}

  private record Listening(String vpcId) implements Command {}

  /** A resolver's address and its TCP binding. */
  private record Bound(String address, CompletionStage<Tcp.ServerBinding> tcp) {}

  /** The TCP listener of {@code bound} is up: UDP next, if that resolver is still wanted. */
  private record TcpBound(String vpcId, Bound bound) implements Command {}

  private enum Retry implements Command { INSTANCE }

  private static final Duration TCP_IDLE = Duration.ofSeconds(30);

  /** {@code zones}: the region node's view of which zones serve, kept current by {@link ZoneViewFeed}. */
  public static Behavior<Command> create(String nodeName, String region, DnsSettings settings, ZoneServingView zones) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new Resolvers(ctx, timers, nodeName, region, settings, zones).behavior()));
  }

  private static final class Resolvers {
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final String nodeName;
    private final String region;
    private final DnsSettings settings;
    private final AtomicReference<Desired> state = new AtomicReference<>(Desired.empty());
    private final ZoneServingView zones;
    private final ResolverService service;
    private final UdpSockets udp;
    /** Bound resolvers: VPC id to its address and its TCP binding. */
    private final Map<String, Bound> bound = new HashMap<>();

    Resolvers(ActorContext<Command> ctx, TimerScheduler<Command> timers, String nodeName, String region,
        DnsSettings settings, ZoneServingView zones) {
      this.ctx = ctx;
      this.timers = timers;
      this.nodeName = nodeName;
      this.region = region;
      this.settings = settings;
      this.zones = zones;
      this.service = new ResolverService(state, zones, settings);
      try {
        this.udp = new UdpSockets("plemu-dns-" + region, (vpcId, query) -> service.handle(vpcId, query, true));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot open a selector for the DNS resolvers", e);
      }
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(StateChanged.class, changed -> {
            state.set(changed.state());
            reconcile();
            return Behaviors.same();
          })
          .onMessage(BindFailed.class, failed -> {
            Bound b = bound.get(failed.vpcId());
            if (b != null && b.address().equals(failed.address())) {
              ctx.getLog().warn("resolver of {} cannot listen on {}: {}; retrying", failed.vpcId(), failed.address(),
                  failed.cause().toString());
              close(failed.vpcId());
              timers.startSingleTimer(Retry.INSTANCE, Retry.INSTANCE, Duration.ofSeconds(2));
            }
            return Behaviors.same();
          })
          .onMessage(TcpBound.class, t -> {
            // closed (or replaced) while TCP was binding: close() has unbound it, UDP is not opened
            if (bound.get(t.vpcId()) != t.bound()) return Behaviors.same();
            String address = t.bound().address();
            ctx.pipeToSelf(udp.open(t.vpcId(), new InetSocketAddress(address, settings.port())), (ok, failure) ->
                failure == null ? new Listening(t.vpcId()) : new BindFailed(t.vpcId(), address, failure));
            return Behaviors.same();
          })
          .onMessage(Listening.class, listening -> Behaviors.same())
          .onMessageEquals(Retry.INSTANCE, () -> {
            reconcile();
            return Behaviors.same();
          })
          .onSignal(PostStop.class, stop -> {
            List.copyOf(bound.keySet()).forEach(this::close);
            udp.close();
            return Behaviors.same();
          })
          .build();
    }

    /** Every VPC resolver this node serves: the region's VPCs with DNS support, if the region names this node. */
    private Map<String, String> wanted(Desired desired) {
      Map<String, String> out = new HashMap<>();
      RegionInfo info = desired.regions().get(region);
      if (info == null || !info.node().equals(nodeName)) return out;
      for (Vpc vpc : desired.vpcs().values())
        if (vpc.region().equals(region) && vpc.enableDnsSupport() && vpc.resolverHostAddress() != null)
          out.put(vpc.vpcId(), vpc.resolverHostAddress());
      return out;
    }

    private void reconcile() {
      Map<String, String> wanted = wanted(state.get());
      for (String vpcId : List.copyOf(bound.keySet()))
        if (!wanted.containsKey(vpcId) || !wanted.get(vpcId).equals(bound.get(vpcId).address())) close(vpcId);
      wanted.forEach((vpcId, address) -> {
        if (!bound.containsKey(vpcId)) open(vpcId, address);
      });
    }

    private void open(String vpcId, String address) {
      CompletionStage<Tcp.ServerBinding> tcp = Tcp.get(ctx.getSystem())
          .bind(address, settings.port(), 100, List.of(), false, Optional.empty())
          .to(Sink.foreach(connection -> connection.handleWith(tcpFlow(vpcId), ctx.getSystem())))
          .run(ctx.getSystem());
      Bound entry = new Bound(address, tcp);
      bound.put(vpcId, entry);
      ctx.pipeToSelf(tcp, (ok, failure) ->
          failure == null ? new TcpBound(vpcId, entry) : new BindFailed(vpcId, address, failure));
      ctx.getLog().info("resolver of {} listens on {}:{} (UDP and TCP)", vpcId, address, settings.port());
    }

    private void close(String vpcId) {
      Bound b = bound.remove(vpcId);
      if (b == null) return;
      b.tcp().thenAccept(Tcp.ServerBinding::unbind);
      udp.close(vpcId);
      ctx.getLog().info("resolver of {} on {} stopped", vpcId, b.address());
    }

    /** DNS over TCP: each message has a 2-byte length in front; an idle connection is closed after 30 s. */
    private Flow<ByteString, ByteString, org.apache.pekko.NotUsed> tcpFlow(String vpcId) {
      return Framing.lengthField(2, 0, 65537, ByteOrder.BIG_ENDIAN)
          .map(frame -> frame.drop(2).toArray())
          .mapAsync(1, query -> service.handle(vpcId, query, false)
              .thenApply(answer -> answer == null ? ByteString.emptyByteString() : framed(answer)))
          .filter(bytes -> !bytes.isEmpty())
          .idleTimeout(TCP_IDLE)
          .recoverWithRetries(1, TimeoutException.class, Source::empty);
    }

    private static ByteString framed(byte[] message) {
      return ByteString.fromArray(new byte[] {(byte) (message.length >> 8), (byte) message.length})
          .concat(ByteString.fromArray(message));
    }
  }
}
