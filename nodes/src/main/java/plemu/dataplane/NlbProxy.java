package plemu.dataplane;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import plemu.controlplane.Desired;
import plemu.dataplane.io.TcpTransport;
import plemu.links.Links;
import plemu.links.Place;
import plemu.model.Target;

/**
 * One NLB node's flows (each {@link NlbNode} actor has one; the zone's endpoint interfaces find it
 * through {@link ZoneFlows}). A new TCP flow: pick a target ({@link TargetSelection}), connect to it
 * from the node's own host address (the target sees the NLB node as the source), send a Proxy
 * Protocol v2 header with the client's first data when the target group asks for it, and relay
 * bytes both ways with half-close; an idle flow is reset after the listener's idle timeout. Runs
 * on the zone's data-plane ActorSystem ({@link DataPlaneSystem}).
 */
final class NlbProxy {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<?> system;
  private final TcpTransport tcp;
  private final ListenerRouteCache routes;
  private final DataPlaneSettings settings;
  private final FlowRefusals refusals;
  private final ZoneFlows zone;
  /** Open flows by target ({@code lb|tg|id:port}), so health and draining can end them. */
  private final Map<String, Set<UniqueKillSwitch>> flows = new ConcurrentHashMap<>();
  /** Open flows that came through an interface endpoint, by endpoint id, so they end with it. */
  private final Map<String, Set<UniqueKillSwitch>> endpointFlows = new ConcurrentHashMap<>();
  /** Every open flow and when it ends, so a clean stop can close them all and wait. */
  private final Map<UniqueKillSwitch, CompletionStage<Done>> open = new ConcurrentHashMap<>();

  private final Links links;
  private final Place here;

  NlbProxy(ActorSystem<?> system, TcpTransport tcp, String zoneId, AtomicReference<Desired> state, ZoneHealth health,
      DataPlaneSettings settings, FlowRefusals refusals, ZoneFlows zone, Links links) {
    this.system = system;
    this.tcp = tcp;
    this.links = links;
    this.here = Place.az(zoneId);
    this.refusals = refusals;
    this.zone = zone;
    this.routes = new ListenerRouteCache(zoneId, state, health);
    this.settings = settings;
  }

  /** Resets every open flow to one target of one NLB; returns how many. */
  int resetFlows(String targetKey) {
    Set<UniqueKillSwitch> open = flows.getOrDefault(targetKey, Set.of());
    open.forEach(ks -> ks.abort(new IllegalStateException("target became unhealthy")));
    return open.size();
  }

  /** Closes (FIN) every open flow to a target of a group, on any NLB; returns how many. */
  int closeFlows(String targetGroupArn, Target target) {
    String suffix = "|" + targetGroupArn + "|" + target.key();
    int n = 0;
    for (Map.Entry<String, Set<UniqueKillSwitch>> e : flows.entrySet())
      if (e.getKey().endsWith(suffix)) {
        e.getValue().forEach(UniqueKillSwitch::shutdown);
        n += e.getValue().size();
      }
    return n;
  }

  /**
   * Closes (FIN both ways) every open flow, for a clean stop; completes once they have ended, or
   * after {@code within} (flows whose clients keep their side open are then left to the stop).
   */
  CompletionStage<Done> closeAll(Duration within) {
    List<CompletableFuture<Done>> ends = new java.util.ArrayList<>();
    open.forEach((killSwitch, done) -> {
      killSwitch.shutdown();
      ends.add(done.toCompletableFuture().exceptionally(failure -> Done.getInstance()));
    });
    return CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .thenApply(ignored -> Done.getInstance());
  }

  /** Resets every open flow of this NLB node (it stopped or crashed); returns how many. */
  int resetAll(String why) {
    open.keySet().forEach(ks -> ks.abort(new IllegalStateException(why)));
    return open.size();
  }

  /** The endpoints with open flows through this NLB node. */
  Set<String> endpointsWithFlows() {
    return Set.copyOf(endpointFlows.keySet());
  }

  /** Resets every open flow that came through an endpoint (it is no longer available); returns how many. */
  int resetEndpointFlows(String vpcEndpointId) {
    Set<UniqueKillSwitch> open = endpointFlows.getOrDefault(vpcEndpointId, Set.of());
    open.forEach(ks -> ks.abort(new IllegalStateException("endpoint " + vpcEndpointId + " is no longer available")));
    return open.size();
  }

  /** A flow that came through an interface endpoint: its id and the addresses for the Proxy Protocol header. */
  record Origin(String vpcEndpointId, InetSocketAddress source, InetSocketAddress destination) {}

  /** A new flow that arrived at the interface {@code networkInterfaceId} (the NLB node's, or an endpoint's). */
  void handle(TcpTransport.Incoming connection, String listenerArn, String networkInterfaceId, Optional<Origin> origin) {
    FlowHash.FiveTuple tuple = FlowHash.FiveTuple.tcp(connection.remoteAddress(), connection.localAddress());
    // AWS mixes the TCP sequence number into the flow hash: a random salt per flow plays that part.
    long salt = ThreadLocalRandom.current().nextLong();
    Optional<TargetSelection.Route> route = routes.of(listenerArn).flatMap(r -> r.pick(tuple, salt));
    if (route.isEmpty()) {
      refusals.refused(networkInterfaceId, FlowRefusals.Reason.NoTarget, "interface {}: {}:{} to port {}: no target of {} can take it",
          networkInterfaceId, connection.remoteAddress().getAddress().getHostAddress(), connection.remoteAddress().getPort(),
          connection.localAddress().getPort(), listenerArn);
      connection.handleWith(reset("no target can take this flow"), system);
      return;
    }
    Origin from = origin.orElse(new Origin(null, connection.remoteAddress(), connection.localAddress()));
    TargetSelection.Route r = route.get();
    String key = TargetHealthMonitor.key(r.loadBalancerArn(), r.targetGroupArn(), r.target());
    SourcePorts ports = zone.ports(r.sourceHost());
    int sourcePort = ports.acquire();
    // the hops before the NLB node: the client to the endpoint's interface and on to the node, or to the node itself
    BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> entry = links.bidi(
        links.link(Place.HOST, here).id());
    if (from.vpcEndpointId() != null) entry = entry.atop(links.bidi(links.link(here, here).id()));
    connection.handleWith(entry.join(toTarget(r, from, sourcePort))
        .viaMat(KillSwitches.single(), Keep.right())
        .watchTermination((killSwitch, done) -> {
          track(flows, key, killSwitch, done);
          if (from.vpcEndpointId() != null) track(endpointFlows, from.vpcEndpointId(), killSwitch, done);
          open.put(killSwitch, done);
          done.whenComplete((ok, failure) -> open.remove(killSwitch));
          done.whenComplete((ok, failure) -> ports.release(sourcePort));
          return killSwitch;
        }), system);
  }

  /** Keeps {@code killSwitch} under {@code key} in {@code registry} until its flow ends. */
  private static void track(Map<String, Set<UniqueKillSwitch>> registry, String key, UniqueKillSwitch killSwitch,
      CompletionStage<?> done) {
    registry.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(killSwitch);
    done.whenComplete((ok, failure) -> registry.computeIfPresent(key, (k, set) -> {
      set.remove(killSwitch);
      return set.isEmpty() ? null : set;
    }));
  }

  private Flow<ByteString, ByteString, NotUsed> toTarget(TargetSelection.Route route, Origin from, int sourcePort) {
    Flow<ByteString, ByteString, NotUsed> upstream = route.proxyProtocolV2()
        ? prefixFirstChunk(ByteString.fromArray(ProxyProtocolV2.encode(from.source(), from.destination(), from.vpcEndpointId())))
        : Flow.of(ByteString.class);
    Flow<ByteString, ByteString, NotUsed> target = tcp
        .outgoingConnection(route.targetAddress(), Optional.of(new InetSocketAddress(route.sourceHost(), sourcePort)),
            Optional.of(CONNECT_TIMEOUT))
        .mapMaterializedValue(ignored -> NotUsed.getInstance());
    Duration idle = settings.idleTimeoutOverride().orElse(Duration.ofSeconds(route.idleTimeoutSeconds()));
    // the hop from the NLB node to the target crosses the link between their places
    var toTargetLink = links.bidi(links.link(here, placeOf(route.target())).id());
    return BidiFlow.<ByteString, ByteString>bidirectionalIdleTimeout(idle)
        .join(upstream.via(toTargetLink.join(target)));
  }

  /** Where a target is: its AZ, or the host for a target outside the VPC (a process on this host). */
  static Place placeOf(Target target) {
    return target.zoneId() != null ? Place.az(target.zoneId()) : Place.HOST;
  }

  /** Sends {@code header} together with the first bytes the client sends, as NLB does. */
  static Flow<ByteString, ByteString, NotUsed> prefixFirstChunk(ByteString header) {
    return Flow.of(ByteString.class).statefulMap(
        () -> Boolean.TRUE,
        (first, chunk) -> Pair.create(Boolean.FALSE, first ? header.concat(chunk) : chunk),
        last -> Optional.empty());
  }

  /** A flow that fails at once, so the client's connection is reset. */
  static Flow<ByteString, ByteString, NotUsed> reset(String why) {
    return Flow.fromSinkAndSource(Sink.ignore(), Source.failed(new IllegalStateException(why)));
  }
}
