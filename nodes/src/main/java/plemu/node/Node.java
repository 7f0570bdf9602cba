package plemu.node;

import com.typesafe.config.Config;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;
import plemu.api.ApiServer;
import plemu.controlplane.Desired;
import plemu.controlplane.WriterProtocol;
import plemu.dataplane.DataPlaneSettings;
import plemu.dataplane.DataPlaneSystem;
import plemu.dataplane.ZoneGuardian;
import plemu.dns.DnsSettings;
import plemu.dns.VpcResolvers;
import plemu.dns.ZoneServingView;
import plemu.dns.ZoneViewFeed;
import plemu.events.EventHub;
import plemu.events.EventLogFeed;
import plemu.events.EventStream;
import plemu.events.NotificationDelivery;
import plemu.events.NotificationSettings;
import plemu.lifecycle.EndpointLifecycle;
import plemu.links.LinkSettings;
import plemu.state.ControlPlaneWriter;
import plemu.state.LocalState;
import plemu.state.StateAccess;
import plemu.state.StateFollower;
import plemu.state.StateFormat;

/**
 * One plemu node: an ActorSystem named {@code plemu} with its roles. A region node also runs its
 * region's control-plane writer (a cluster singleton among the region's nodes) and the HTTP API.
 */
public final class Node {
  public static final String SYSTEM_NAME = "plemu";

  private final NodeSettings settings;
  private final ActorSystem<Void> system;
  private final ActorRef<WriterProtocol.Command> writer;
  private final CompletionStage<InetSocketAddress> api;
  /** An AZ node's flows run here (null on region nodes); it stops when {@link #system} stops. */
  private final ActorSystem<Void> flowSystem;
  /** This node's snapshot of the desired state, as its follower applied it. */
  private final LocalState local;
  private final StateAccess access;

  private Node(NodeSettings settings, ActorSystem<Void> system, ActorRef<WriterProtocol.Command> writer,
      CompletionStage<InetSocketAddress> api, ActorSystem<Void> flowSystem, LocalState local, StateAccess access) {
    this.local = local;
    this.access = access;
    this.settings = settings;
    this.system = system;
    this.writer = writer;
    this.api = api;
    this.flowSystem = flowSystem;
  }

  /** Starts the node; it joins a cluster only once {@link #join} is called or seed nodes are configured. */
  public static Node start(NodeSettings settings, Config config) {
    StateFormat.check(settings.dataDir().resolve(settings.name()), settings.ddataDir());
    ActorSystem<Void> flowSystem = settings.isRegion() ? null : DataPlaneSystem.start(settings.azId(), config);
    DnsSettings dns = DnsSettings.fromConfig(config.getConfig("plemu.dns"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
    // Every node holds a replica of the desired state: start the replicator now, not on first use.
    DistributedData.get(system);
    ApiServer.Settings apiSettings = ApiServer.Settings.fromConfig(config.getConfig("plemu.api"), dns.port());
    LocalState local = new LocalState();
    ActorRef<plemu.changelog.FollowerProtocol.Command> follower = system.systemActorOf(
        StateFollower.create(settings.name(), local, apiSettings.writeTimeout()), "state-follower",
        org.apache.pekko.actor.typed.Props.empty());
    if (flowSystem != null) {
      var zone = system.systemActorOf(ZoneGuardian.create(settings.azId(),
              DataPlaneSettings.fromConfig(config.getConfig("plemu.data-plane")),
              LinkSettings.fromConfig(config.getConfig("plemu.links")), flowSystem, follower), "data-plane",
          org.apache.pekko.actor.typed.Props.empty());
      follower.tell(new StateFollower.SubscribeUpdates<>(zone, ZoneGuardian.StateChanged::new, true));
      // However the node stops (leave, crash, downed by the split brain resolver), its flows stop with it.
      system.getWhenTerminated().whenComplete((done, failure) -> flowSystem.terminate());
      Node node = new Node(settings, system, null, CompletableFuture.completedFuture(null), flowSystem, local,
          new StateAccess(system, local, null));
      node.zoneGuardian = zone;
      return node;
    }
    // One writer for the whole cluster (regions are not data centers of their own yet): a singleton
    // among the region nodes.
    ActorRef<WriterProtocol.Command> writer = ClusterSingleton.get(system).init(
        SingletonActor.of(ControlPlaneWriter.create(settings.region(), apiSettings.writeTimeout()), "control-plane-writer")
            .withSettings(ClusterSingletonSettings.create(system).withRole(NodeSettings.REGION)));
    var lifecycle = system.systemActorOf(EndpointLifecycle.create(settings.name(), settings.region(), writer,
        EndpointLifecycle.Settings.fromConfig(config.getConfig("plemu.endpoints"))), "endpoint-lifecycle",
        org.apache.pekko.actor.typed.Props.empty());
    follower.tell(new StateFollower.Subscribe<>(lifecycle, EndpointLifecycle.StateChanged::new, false));
    // which zones serve each endpoint (AZ nodes' reachability, listening interfaces, health): for DNS and
    // for the events the hub derives from it (told each change once the view holds it)
    ZoneServingView zones = new ZoneServingView(system);
    EventStream events = new EventStream(system);
    var hub = system.systemActorOf(EventHub.create(settings.region(), events, zones), "event-hub",
        org.apache.pekko.actor.typed.Props.empty());
    var zoneFeed = system.systemActorOf(ZoneViewFeed.create(settings.region(), zones, hub, EventHub.ZonesChanged::new),
        "zone-view-feed", org.apache.pekko.actor.typed.Props.empty());
    follower.tell(new StateFollower.SubscribeUpdates<>(zoneFeed, ZoneViewFeed.StateChanged::new, false));
    var resolvers = system.systemActorOf(VpcResolvers.create(settings.name(), settings.region(), dns, zones),
        "vpc-resolvers", org.apache.pekko.actor.typed.Props.empty());
    follower.tell(new StateFollower.Subscribe<>(resolvers, VpcResolvers.StateChanged::new, false));
    system.systemActorOf(EventLogFeed.create(events, follower), "event-log-feed", org.apache.pekko.actor.typed.Props.empty());
    var delivery = system.systemActorOf(NotificationDelivery.create(settings.name(), settings.region(),
        NotificationSettings.fromConfig(config.getConfig("plemu.notifications"))),
        "notification-delivery", org.apache.pekko.actor.typed.Props.empty());
    follower.tell(new StateFollower.Subscribe<>(delivery, NotificationDelivery.StateChanged::new, false));
    var tracker = system.systemActorOf(plemu.state.AppliedVersions.create(), "applied-versions",
        org.apache.pekko.actor.typed.Props.empty());
    StateAccess access = new StateAccess(system, local, tracker);
    CompletionStage<InetSocketAddress> api = ApiServer.start(system, writer, settings.region(), apiSettings, events, access);
    return new Node(settings, system, writer, api, null, local, access);
  }

  public void join(Address seed) {
    Cluster.get(system).manager().tell(Join.create(seed));
  }

  public Address address() {
    return Cluster.get(system).selfMember().address();
  }

  public NodeSettings settings() {
    return settings;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** The control-plane writer (region nodes only). */
  public Optional<ActorRef<WriterProtocol.Command>> writer() {
    return Optional.ofNullable(writer);
  }

  /** This node's current snapshot of the desired state (empty until it has read the state). */
  public Desired state() {
    return local.current();
  }

  /** An AZ node's data plane: its zone guardian (null on region nodes). */
  private ActorRef<ZoneGuardian.Command> zoneGuardian;

  public Optional<ActorRef<ZoneGuardian.Command>> zoneGuardian() {
    return Optional.ofNullable(zoneGuardian);
  }

  /** This node's state, and (region nodes) the versions every node applied. */
  public StateAccess stateAccess() {
    return access;
  }

  /** Where the HTTP API listens (region nodes; completes with null on AZ nodes). */
  public CompletionStage<InetSocketAddress> api() {
    return api;
  }

  /** Leaves the cluster gracefully (coordinated shutdown) and waits until the system has stopped. */
  public void stop(Duration timeout) throws Exception {
    leave();
    awaitStopped(timeout);
  }

  /**
   * Starts a graceful stop: coordinated shutdown leaves the cluster, unbinds the API and the data
   * plane's listeners and closes open flows (FIN) before the system stops; completes as
   * {@link #whenStopped}.
   */
  public CompletionStage<Void> leave() {
    org.apache.pekko.actor.CoordinatedShutdown.get(system)
        .runAll(org.apache.pekko.actor.CoordinatedShutdown.unknownReason());
    return whenStopped();
  }

  /** Stops the ActorSystem without leaving the cluster, as a crash looks to the other nodes. */
  public void crash(Duration timeout) throws Exception {
    system.terminate();
    awaitStopped(timeout);
  }

  /** Completes once the node's ActorSystem, and an AZ node's data-plane system with it, have stopped. */
  public CompletionStage<Void> whenStopped() {
    CompletionStage<Void> stopped = system.getWhenTerminated().thenApply(done -> null);
    if (flowSystem == null) return stopped;
    return stopped.thenCompose(done -> {
      flowSystem.terminate();
      return flowSystem.getWhenTerminated().thenApply(flowsDone -> null);
    });
  }

  private void awaitStopped(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    if (flowSystem != null) {
      flowSystem.terminate();
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      flowSystem.getWhenTerminated().toCompletableFuture().get(left, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }
}
