package plemu.dataplane;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import plemu.controlplane.Desired;
import plemu.model.Instance;
import plemu.model.VpcEndpoint;

/**
 * The data plane of one AZ on its AZ node: a real TCP listener for every listener port of every NLB
 * node in the zone (on the node's host address), and for every available interface endpoint with a
 * network interface in the zone (on the interface's host address, one per listener port of the NLB
 * the interface is pinned to), and the app of every running instance in the zone. Reconciles to each
 * new desired-state snapshot.
 */
public final class ZoneDataPlane extends AbstractBehavior<ZoneDataPlane.Command> {
  public interface Command {}

  /** A new snapshot of the desired state, with what changed since the one before. */
  public record StateChanged(plemu.state.StateFollower.Update update) implements Command {}

  /** The addresses ({@code host:port}) this zone listens on. */
  public record GetBindings(ActorRef<Set<String>> replyTo) implements Command {}

  private record BindFailed(Binding binding, Throwable cause) implements Command {}

  private record Bound(Binding binding) implements Command {}

  /** A clean stop, first step: unbind every listener and bind no more; replies once all are unbound. */
  private record StopListening(ActorRef<Done> replyTo) implements Command {}

  /** A clean stop, second step: close every open flow (FIN); replies once they have ended (at most 3 s). */
  private record CloseFlows(ActorRef<Done> replyTo) implements Command {}

  /** Reconcile again (after a bind failed, e.g. while the address was still being released). */
  private enum Retry implements Command { INSTANCE }

  private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofMillis(300);

  /** Where a listener is and what it is for: an NLB listener, or an endpoint interface in front of one. */
  record Binding(String host, int port, String listenerArn, String vpcEndpointId, String networkInterfaceId,
      String instanceId) {
    String address() {
      return host + ":" + port;
    }
  }

  private final String zoneId;
  private final org.apache.pekko.actor.typed.ActorSystem<?> system;
  private final AtomicReference<Desired> state = new AtomicReference<>(Desired.empty());
  private final NlbProxy proxy;
  private final EndpointEntry endpoints;
  private final ActorRef<TargetHealthMonitor.Command> healthMonitor;
  private final Map<Binding, CompletionStage<Tcp.ServerBinding>> bound = new HashMap<>();
  private final Map<Binding, Integer> failures = new HashMap<>();
  private final Set<Binding> listeningBindings = new HashSet<>();
  private final Map<String, Integer> listeningCounts = new HashMap<>();
  /** The node's state follower: told each version once this zone serves it (its new listeners bound). */
  private final ActorRef<plemu.changelog.FollowerProtocol.Command> follower;
  /** Listeners asked to bind for the newest version, not bound (or failed) yet. */
  private final Set<Binding> binding = new HashSet<>();
  private long unacknowledged = -1;
  /** The listeners this zone must serve, worked out again only where a write changed something. */
  private final ZoneBindings bindings;
  private boolean stopping;

  /**
   * The data plane of {@code zoneId}; its listeners and flows run on {@code flowSystem} (see
   * {@link DataPlaneSystem}), its health checks and state on the node's own system.
   */
  public static Behavior<Command> create(String zoneId, DataPlaneSettings settings,
      org.apache.pekko.actor.typed.ActorSystem<?> flowSystem, ActorRef<plemu.changelog.FollowerProtocol.Command> follower) {
    return Behaviors.setup(ctx -> new ZoneDataPlane(ctx, zoneId, settings, flowSystem, follower));
  }

  private ZoneDataPlane(ActorContext<Command> ctx, String zoneId, DataPlaneSettings settings,
      org.apache.pekko.actor.typed.ActorSystem<?> flowSystem, ActorRef<plemu.changelog.FollowerProtocol.Command> follower) {
    super(ctx);
    this.follower = follower;
    this.zoneId = zoneId;
    this.bindings = new ZoneBindings(zoneId);
    this.system = flowSystem;
    ZoneHealth health = new ZoneHealth();
    FlowRefusals refusals = new FlowRefusals(zoneId);
    this.proxy = new NlbProxy(flowSystem, zoneId, state, health, settings, refusals);
    this.endpoints = new EndpointEntry(flowSystem, proxy, state, refusals);
    ctx.spawn(FlowRefusalPublisher.create(refusals, state), "refused-flows");
    this.healthMonitor = ctx.spawn(TargetHealthMonitor.create(zoneId, state, health, proxy), "target-health");
    stopCleanlyWith(ctx);
  }

  /**
   * On the node's coordinated shutdown (a clean stop, not a crash): listeners unbind while the API
   * unbinds, then open flows are closed with FIN, before the node's system and the data-plane system
   * stop (which would reset them).
   */
  private static void stopCleanlyWith(ActorContext<Command> ctx) {
    var system = ctx.getSystem();
    var self = ctx.getSelf();
    var shutdown = org.apache.pekko.actor.CoordinatedShutdown.get(system);
    java.time.Duration timeout = java.time.Duration.ofSeconds(4);
    plemu.cluster.CleanStopLogFilter.watch(system);
    shutdown.addTask(org.apache.pekko.actor.CoordinatedShutdown.PhaseServiceUnbind(), "data-plane-unbind",
        () -> AskPattern.ask(self, StopListening::new, timeout, system.scheduler()));
    shutdown.addTask(org.apache.pekko.actor.CoordinatedShutdown.PhaseServiceRequestsDone(), "data-plane-close-flows",
        () -> AskPattern.ask(self, CloseFlows::new, timeout, system.scheduler()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StateChanged.class, this::onStateChanged)
        .onMessage(BindFailed.class, this::onBindFailed)
        .onMessage(Bound.class, bound -> {
          failures.remove(bound.binding());
          if (this.bound.containsKey(bound.binding())) listening(bound.binding(), true);
          settled(bound.binding());
          return this;
        })
        .onMessageEquals(Retry.INSTANCE, () -> reconcile())
        .onMessage(StopListening.class, this::onStopListening)
        .onMessage(CloseFlows.class, close -> {
          proxy.closeAll(java.time.Duration.ofSeconds(3)).thenAccept(done -> close.replyTo().tell(done));
          return this;
        })
        .onMessage(GetBindings.class, this::onGetBindings)
        .onSignal(PostStop.class, stop -> {
          bound.values().forEach(b -> b.thenAccept(Tcp.ServerBinding::unbind));
          return this;
        })
        .build();
  }

  private Behavior<Command> onStateChanged(StateChanged changed) {
    Desired before = state.get();
    Desired now = changed.update().state();
    state.set(now);
    healthMonitor.tell(new TargetHealthMonitor.StateChanged(now));
    endOpenFlowsOfUnavailableEndpoints(now);
    unacknowledged = now.version();
    ZoneBindings.Delta delta = changed.update().whole() ? bindings.rebuild(now)
        : bindings.update(before, now, changed.update().changes());
    if (!stopping) {
      for (Binding b : delta.removed()) unbind(b);
      for (Binding b : delta.added()) if (!bound.containsKey(b)) bind(b);
    }
    if (binding.isEmpty()) acknowledge();
    return this;
  }

  private void unbind(Binding b) {
    CompletionStage<Tcp.ServerBinding> was = bound.remove(b);
    failures.remove(b);
    binding.remove(b);
    if (was == null) return;
    getContext().getLog().info("listener {} ({}) removed", b.address(), describe(b));
    was.thenAccept(Tcp.ServerBinding::unbind);
    listening(b, false);
  }

  /** A listener of the newest version bound or failed: once none is left, the version is served. */
  private void settled(Binding b) {
    if (binding.remove(b) && binding.isEmpty()) acknowledge();
  }

  private void acknowledge() {
    if (unacknowledged < 0) return;
    follower.tell(new plemu.state.StateFollower.Ack(getContext().getSelf(), unacknowledged));
    unacknowledged = -1;
  }

  /** An endpoint carries traffic only while available: rejected or deleted, its open flows are reset. */
  private void endOpenFlowsOfUnavailableEndpoints(Desired desired) {
    for (String endpointId : proxy.endpointsWithFlows()) {
      VpcEndpoint e = desired.vpcEndpoints().get(endpointId);
      if (e != null && e.available()) continue;
      int n = proxy.resetEndpointFlows(endpointId);
      getContext().getLog().info("endpoint {} is {}: {} open flows reset", endpointId, e == null ? "gone" : e.state(), n);
    }
  }

  private Behavior<Command> onStopListening(StopListening stop) {
    stopping = true;
    List<java.util.concurrent.CompletableFuture<?>> unbound = new java.util.ArrayList<>();
    for (CompletionStage<Tcp.ServerBinding> b : bound.values())
      unbound.add(b.thenCompose(Tcp.ServerBinding::unbind).toCompletableFuture().exceptionally(failed -> null));
    bound.clear();
    java.util.concurrent.CompletableFuture.allOf(unbound.toArray(java.util.concurrent.CompletableFuture[]::new))
        .whenComplete((ok, failure) -> stop.replyTo().tell(Done.getInstance()));
    return this;
  }

  private Behavior<Command> reconcile() {
    if (stopping) return this;
    Set<Binding> wanted = bindings.wanted();
    for (Binding b : List.copyOf(bound.keySet())) if (!wanted.contains(b)) unbind(b);
    failures.keySet().retainAll(wanted);
    for (Binding b : wanted) if (!bound.containsKey(b)) bind(b);
    return this;
  }

  private static String describe(Binding b) {
    if (b.instanceId() != null) return "instance " + b.instanceId();
    return b.vpcEndpointId() == null ? "NLB node of " + b.listenerArn() : "endpoint " + b.vpcEndpointId();
  }

  private void bind(Binding b) {
    CompletionStage<Tcp.ServerBinding> binding = Tcp.get(system)
        .bind(b.host(), b.port(), 1024, List.of(TcpSO.tcpNoDelay(true)), true, Optional.empty())
        .to(Sink.foreach(connection -> {
          if (b.instanceId() != null) runApp(connection, b);
          else if (b.vpcEndpointId() == null) proxy.handle(connection, b.listenerArn(), b.networkInterfaceId(), Optional.empty());
          else endpoints.handle(connection, b);
        }))
        .run(system);
    bound.put(b, binding);
    this.binding.add(b);
    // an NLB node's own connections to targets must not pick a listener's port as their source port
    if (b.vpcEndpointId() == null && b.instanceId() == null)
      SourcePorts.of(TargetSelection.literal(b.host())).reserve(b.port());
    getContext().pipeToSelf(binding, (ok, failure) -> failure == null ? new Bound(b) : new BindFailed(b, failure));
    getContext().getLog().info("listener {} ({}) bound", b.address(), describe(b));
  }

  private void runApp(Tcp.IncomingConnection connection, Binding b) {
    Instance instance = state.get().instances().get(b.instanceId());
    if (instance == null || !instance.running()) {
      connection.handleWith(NlbProxy.reset("instance " + b.instanceId() + " is not running"), system);
      return;
    }
    // runs on the stream's thread: use only thread-safe fields here, never the actor's context
    connection.handleWith(InstanceApps.flow(instance, connection.remoteAddress(), state), system);
  }

  /**
   * The endpoint interfaces of this zone that listen (at least one listener bound), published for
   * the region's DNS ({@code listening-<zone>}): an interface whose listeners are down leaves its
   * endpoint's regional answer.
   */
  public static Key<LWWMap<String, String>> listeningKey(String zoneId) {
    return LWWMapKey.create("listening-" + zoneId);
  }

  private void listening(Binding b, boolean up) {
    if (b.vpcEndpointId() == null) return;
    String eni = b.networkInterfaceId();
    int before = listeningCounts.getOrDefault(eni, 0);
    boolean changed = up ? listeningBindings.add(b) : listeningBindings.remove(b);
    if (!changed) return;
    int after = before + (up ? 1 : -1);
    if (after == 0) listeningCounts.remove(eni);
    else listeningCounts.put(eni, after);
    if ((before == 0) == (after == 0)) return;
    var ddata = DistributedData.get(getContext().getSystem());
    var self = ddata.selfUniqueAddress();
    ddata.replicator().tell(new Replicator.Update<LWWMap<String, String>>(listeningKey(zoneId), LWWMap.create(),
        Replicator.writeLocal(), getContext().getSystem().ignoreRef(),
        map -> after > 0 ? map.put(self, eni, b.host()) : map.remove(self, eni)));
  }

  private Behavior<Command> onBindFailed(BindFailed failed) {
    settled(failed.binding());
    int n = failures.merge(failed.binding(), 1, Integer::sum);
    String why = failed.cause().toString();
    if (n <= 3) getContext().getLog().info("listener {} could not bind yet ({}); retrying", failed.binding().address(), why);
    else getContext().getLog().warn("listener {} still cannot bind after {} tries: {}", failed.binding().address(), n, why);
    bound.remove(failed.binding());
    // back off: 0.3 s, 0.6 s, 1.2 s ... at most 10 s between tries
    long delay = Math.min(RETRY_AFTER.toMillis() << Math.min(n - 1, 6), 10_000);
    getContext().scheduleOnce(java.time.Duration.ofMillis(delay), getContext().getSelf(), Retry.INSTANCE);
    return this;
  }

  private Behavior<Command> onGetBindings(GetBindings get) {
    Set<String> out = new HashSet<>();
    bound.keySet().forEach(b -> out.add(b.address()));
    get.replyTo().tell(out);
    return this;
  }
}
