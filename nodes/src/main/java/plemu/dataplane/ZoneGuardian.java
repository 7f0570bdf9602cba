package plemu.dataplane;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import plemu.changelog.FollowerProtocol;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;
import plemu.dataplane.io.TcpTransport;
import plemu.links.LinkImpairments;
import plemu.links.LinkSettings;
import plemu.links.Links;
import plemu.links.PreciseTimer;
import plemu.model.DataPlaneStatus;
import plemu.model.Instance;
import plemu.model.LoadBalancer;
import plemu.model.RegionInfo;
import plemu.model.VpcEndpoint;
import plemu.state.DataKeys;
import plemu.state.StateFollower;

/**
 * The data plane of one AZ on its AZ node: reconciles one actor per NLB node, endpoint interface and
 * instance app of the zone ({@link DataPlaneEntity}) to each snapshot of the desired state, like a
 * controller (only what a write changed, {@link ZoneBindings}); supervises them (a failing actor is
 * restarted with backoff, its failure logged and published: {@code status-<zone>}, shown by the API);
 * and tells the node's state follower a version once every actor serves it. Each NLB node runs its
 * own health checks ({@link TargetHealthMonitor}); the guardian tells them what changed.
 */
public final class ZoneGuardian extends AbstractBehavior<ZoneGuardian.Command> {
  public sealed interface Command {}

  /** What an NLB node's health checks depend on: a write to any other table leaves them alone. */
  private static final Set<Table<?>> CHECKS_FOLLOW = Set.of(Table.LOAD_BALANCERS, Table.LISTENERS, Table.TARGET_GROUPS,
      Table.NETWORK_INTERFACES, Table.INSTANCES, Table.SUBNETS, Table.VPCS);

  /** A new snapshot of the desired state, with what changed since the one before. */
  public record StateChanged(StateFollower.Update update) implements Command {}

  /** Send a command to the actor with this AWS id (an NLB node's or endpoint's interface id, an instance id). */
  public record Tell(String id, DataPlaneEntity.Command command, ActorRef<Boolean> replyTo) implements Command {}

  /** The status of every actor of the zone as published (restarts counted), by AWS id. */
  public record GetStatuses(ActorRef<Map<String, DataPlaneStatus>> replyTo) implements Command {}

  /** The addresses ({@code host:port}) this zone serves. */
  public record GetBindings(ActorRef<Set<String>> replyTo) implements Command {}

  /** An actor (re)started. */
  record Started(String id, ActorRef<DataPlaneEntity.Command> ref) implements Command {}

  /** An actor serves what it was told for {@code version} (or did what it could). */
  record Served(String id, long version) implements Command {}

  /** An actor stopped, resumed, or failed. */
  record StatusChanged(DataPlaneStatus status) implements Command {}

  private record StopListening(ActorRef<Done> replyTo) implements Command {}

  private record Terminated(String name) implements Command {}

  private record CloseFlows(ActorRef<Done> replyTo) implements Command {}

  /** What the zone's actors share: the guardian, the zone's id, flows and their TCP, state, health, settings. */
  record Context(ActorRef<Command> guardian, String zoneId, ActorSystem<?> flowSystem, TcpTransport tcp,
      AtomicReference<Desired> state, ZoneHealth health, DataPlaneSettings settings, FlowRefusals refusals, ZoneFlows flows,
      Links links) {}

  /** The endpoint interfaces of this zone that listen, for the region's DNS. */
  public static Key<LWWMap<String, String>> listeningKey(String zoneId) {
    return DataKeys.listening(zoneId);
  }

  private record Child(String root, ActorRef<DataPlaneEntity.Command> ref, AtomicReference<String> lastFailure) {}

  private final Context zone;
  private final ActorRef<FollowerProtocol.Command> follower;
  private final AtomicReference<Desired> state = new AtomicReference<>(Desired.empty());
  private final ZoneBindings bindings;
  /** The zone's actors by AWS id, and the root each serves. */
  private final Map<String, Child> children = new HashMap<>();
  /** Actors told to serve a version they have not answered yet. */
  private final Map<String, Long> pending = new HashMap<>();
  /** Restarts of each actor (its starts after the first). */
  private final Map<String, Integer> starts = new HashMap<>();
  private final Map<String, DataPlaneStatus> statuses = new HashMap<>();
  private long unacknowledged = -1;
  private boolean stopping;
  /** Names of the actors alive or still stopping (a new actor for an id whose name is taken gets a suffix). */
  private final Set<String> namesInUse = new HashSet<>();
  private int incarnations;

  public static Behavior<Command> create(String zoneId, DataPlaneSettings settings, LinkSettings links,
      ActorSystem<?> flowSystem, ActorRef<FollowerProtocol.Command> follower) {
    return Behaviors.setup(ctx -> new ZoneGuardian(ctx, zoneId, settings, links, flowSystem, follower));
  }

  private final PreciseTimer timer;

  private ZoneGuardian(ActorContext<Command> ctx, String zoneId, DataPlaneSettings settings,
      LinkSettings linkSettings, ActorSystem<?> flowSystem, ActorRef<FollowerProtocol.Command> follower) {
    super(ctx);
    this.timer = PreciseTimer.start("plemu-link-timer-" + zoneId, linkSettings.timerSpin());
    Links links = new Links(linkSettings, timer, az -> regionOf(state.get(), az));
    this.follower = follower;
    this.bindings = new ZoneBindings(zoneId);
    ZoneHealth health = new ZoneHealth();
    FlowRefusals refusals = new FlowRefusals(zoneId);
    ZoneFlows flows = new ZoneFlows(SourcePorts.range(settings.sourcePorts()));
    this.zone = new Context(ctx.getSelf(), zoneId, flowSystem, TcpTransport.of(flowSystem), state, health, settings, refusals, flows, links);
    ctx.spawn(FlowRefusalPublisher.create(refusals, state), "refused-flows");
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
    Duration timeout = Duration.ofSeconds(4);
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
        .onMessage(Started.class, this::onStarted)
        .onMessage(Served.class, served -> {
          pending.computeIfPresent(served.id(), (id, v) -> v <= served.version() ? null : v);
          acknowledgeIfServed();
          return this;
        })
        .onMessage(StatusChanged.class, changed -> {
          DataPlaneStatus s = changed.status();
          publish(new DataPlaneStatus(s.id(), s.kind(), s.networkInterfaceId(), s.zoneId(), s.status(), s.reason(),
              starts.getOrDefault(s.id(), 0), s.since()));
          return this;
        })
        .onMessage(Tell.class, t -> {
          Child c = children.get(t.id());
          if (c != null) c.ref().tell(t.command());
          t.replyTo().tell(c != null);
          return this;
        })
        .onMessage(GetStatuses.class, g -> {
          g.replyTo().tell(Map.copyOf(statuses));
          return this;
        })
        .onMessage(GetBindings.class, g -> {
          Set<String> out = new HashSet<>();
          bindings.wanted().forEach(b -> out.add(b.address()));
          g.replyTo().tell(out);
          return this;
        })
        .onMessage(Terminated.class, t -> {
          namesInUse.remove(t.name());
          return this;
        })
        .onMessage(StopListening.class, this::onStopListening)
        .onSignal(PostStop.class, stop -> {
          timer.close();
          return this;
        })
        .onMessage(CloseFlows.class, close -> {
          zone.flows().closeAll(Duration.ofSeconds(3)).thenAccept(done -> close.replyTo().tell(done));
          return this;
        })
        .build();
  }

  /** The region of an AZ ID in {@code state} (null when no region has it). */
  static String regionOf(Desired state, String azId) {
    for (RegionInfo r : state.regions().values()) if (r.zoneIds().contains(azId)) return r.name();
    return null;
  }

  private Behavior<Command> onStateChanged(StateChanged changed) {
    Desired before = state.get();
    Desired now = changed.update().state();
    state.set(now);
    if (changed.update().whole() || changed.update().changes().stream()
        .anyMatch(c -> c.table() == Table.LINK_IMPAIRMENTS))
      zone.links().apply(now.rows(Table.LINK_IMPAIRMENTS)
          .getOrDefault(Table.LINK_IMPAIRMENTS_ROW, LinkImpairments.NONE));
    if (changed.update().whole() || changed.update().changes().stream().anyMatch(c -> CHECKS_FOLLOW.contains(c.table())))
      for (Child c : children.values())
        if (c.root().startsWith("lb:")) c.ref().tell(new NlbNode.TargetsChanged(now));
    endOpenFlowsOfUnavailableEndpoints(now);
    unacknowledged = now.version();
    ZoneBindings.Delta delta = changed.update().whole() ? bindings.rebuild(now)
        : bindings.update(before, now, changed.update().changes());
    if (!stopping) delta.roots().forEach((root, serving) -> reconcile(root, serving, now));
    acknowledgeIfServed();
    return this;
  }

  /**
   * The actor of one root: started when it serves something, told what to serve (nothing, for a
   * while, keeps it), stopped once its resource is gone (the NLB's node, the endpoint, the running
   * instance).
   */
  private void reconcile(String root, Set<Binding> serving, Desired now) {
    String current = children.entrySet().stream().filter(e -> e.getValue().root().equals(root)).map(Map.Entry::getKey)
        .findFirst().orElse(null);
    String id = !serving.isEmpty() ? idOf(root, serving) : exists(root, now) ? current : null;
    if (current != null && !current.equals(id)) {
      Child gone = children.remove(current);
      getContext().stop(gone.ref());
      pending.remove(current);
      unpublish(current);
    }
    if (id == null) return;
    Child child = children.computeIfAbsent(id, k -> spawn(root, k, now));
    child.ref().tell(new DataPlaneEntity.Serve(serving, now.version()));
    pending.put(id, now.version());
  }

  /** Whether a root's resource is still there to serve (when it serves nothing at the moment). */
  private boolean exists(String root, Desired now) {
    String key = root.substring(root.indexOf(':') + 1);
    if (root.startsWith("lb:")) {
      LoadBalancer lb = now.loadBalancers().get(key);
      return lb != null && lb.node(zone.zoneId()).isPresent();
    }
    if (root.startsWith("vpce:")) return now.vpcEndpoints().containsKey(key);
    Instance i = now.instances().get(key);
    return i != null && i.running();
  }

  /** The AWS id of a root's actor: the NLB node's or endpoint's interface id, or the instance id. */
  private static String idOf(String root, Set<Binding> serving) {
    if (root.startsWith("i:")) return root.substring(2);
    return serving.iterator().next().networkInterfaceId();
  }

  private Child spawn(String root, String id, Desired now) {
    AtomicReference<String> lastFailure = new AtomicReference<>();
    String key = root.substring(root.indexOf(':') + 1);
    Behavior<DataPlaneEntity.Command> behavior = switch (root.substring(0, root.indexOf(':'))) {
      case "lb" -> NlbNode.create(id, key, zone, lastFailure);
      case "vpce" -> EndpointInterface.create(id, key, zone, lastFailure);
      default -> InstanceApp.create(id, now.instances().get(key).networkInterfaceId(), zone, lastFailure);
    };
    starts.put(id, -1);
    // the actor is named after its AWS id; while an actor of that name is still namesInUse, a suffix
    String name = namesInUse.contains(id) ? id + "." + (++incarnations) : id;
    ActorRef<DataPlaneEntity.Command> ref = getContext().spawn(Behaviors.supervise(
            Behaviors.intercept(() -> new FailureRecorder<>(lastFailure), behavior))
        .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2)
            .withResetBackoffAfter(Duration.ofSeconds(30))), name);
    namesInUse.add(name);
    getContext().watchWith(ref, new Terminated(name));
    return new Child(root, ref, lastFailure);
  }

  private Behavior<Command> onStarted(Started started) {
    Child child = children.get(started.id());
    if (child == null) return this;
    int restarts = starts.merge(started.id(), 1, Integer::sum);
    // a restarted actor serves what its root serves now
    Set<Binding> serving = bindings.of(child.root());
    child.ref().tell(new DataPlaneEntity.Serve(serving, state.get().version()));
    DataPlaneStatus was = statuses.get(started.id());
    if (restarts > 0) getContext().getLog().info("{} restarted ({} restarts)", started.id(), restarts);
    publish(new DataPlaneStatus(started.id(), was == null ? kindOf(child.root()) : was.kind(),
        was == null ? null : was.networkInterfaceId(), zone.zoneId(), "serving", restarts > 0 && was != null ? was.reason()
            : null, Math.max(0, restarts), System.currentTimeMillis()));
    return this;
  }

  private static String kindOf(String root) {
    return root.startsWith("lb:") ? "nlb-node" : root.startsWith("vpce:") ? "endpoint-interface" : "instance";
  }

  private void acknowledgeIfServed() {
    if (unacknowledged < 0 || !pending.isEmpty()) return;
    follower.tell(new StateFollower.Ack(getContext().getSelf(), unacknowledged));
    unacknowledged = -1;
  }

  /** An endpoint carries traffic only while available: rejected or deleted, its open flows are reset. */
  private void endOpenFlowsOfUnavailableEndpoints(Desired desired) {
    for (String endpointId : zone.flows().endpointsWithFlows()) {
      VpcEndpoint e = desired.vpcEndpoints().get(endpointId);
      if (e != null && e.available()) continue;
      int n = zone.flows().resetEndpointFlows(endpointId);
      getContext().getLog().info("endpoint {} is {}: {} open flows reset", endpointId, e == null ? "gone" : e.state(), n);
    }
  }

  private Behavior<Command> onStopListening(StopListening stop) {
    stopping = true;
    List<CompletableFuture<?>> closed = new java.util.ArrayList<>();
    // listeners close now; open flows stay until CloseFlows ends them with FIN
    for (Child c : children.values())
      closed.add(AskPattern.<DataPlaneEntity.Command, Done>ask(c.ref(), DataPlaneEntity.CloseListeners::new,
          Duration.ofSeconds(3), getContext().getSystem().scheduler()).toCompletableFuture().exceptionally(gone -> null));
    CompletionStage<Done> settled = CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new))
        .thenApply(ok -> Done.getInstance());
    settled.whenComplete((ok, failure) -> stop.replyTo().tell(Done.getInstance()));
    return this;
  }

  private void publish(DataPlaneStatus status) {
    statuses.put(status.id(), status);
    var ddata = DistributedData.get(getContext().getSystem());
    var self = ddata.selfUniqueAddress();
    ddata.replicator().tell(new Replicator.Update<LWWMap<String, DataPlaneStatus>>(DataKeys.status(zone.zoneId()),
        LWWMap.create(), Replicator.writeLocal(), getContext().getSystem().ignoreRef(),
        map -> map.put(self, status.id(), status)));
  }

  private void unpublish(String id) {
    statuses.remove(id);
    starts.remove(id);
    var ddata = DistributedData.get(getContext().getSystem());
    var self = ddata.selfUniqueAddress();
    ddata.replicator().tell(new Replicator.Update<LWWMap<String, DataPlaneStatus>>(DataKeys.status(zone.zoneId()),
        LWWMap.create(), Replicator.writeLocal(), getContext().getSystem().ignoreRef(), map -> map.remove(self, id)));
  }

  /** Remembers the failure of a zone actor, so that the actor can report why it restarts. */
  private static final class FailureRecorder<T> extends org.apache.pekko.actor.typed.BehaviorInterceptor<T, T> {
    private final AtomicReference<String> lastFailure;

    @SuppressWarnings("unchecked")
    FailureRecorder(AtomicReference<String> lastFailure) {
      super((Class<T>) (Class<?>) Object.class);
      this.lastFailure = lastFailure;
    }

    @Override
    public Behavior<T> aroundReceive(org.apache.pekko.actor.typed.TypedActorContext<T> ctx, T msg,
        org.apache.pekko.actor.typed.BehaviorInterceptor.ReceiveTarget<T> target) {
      try {
        return target.apply(ctx, msg);
      } catch (RuntimeException e) {
        lastFailure.set(e.getClass().getSimpleName() + ": " + e.getMessage());
        throw e;
      }
    }
  }
}
