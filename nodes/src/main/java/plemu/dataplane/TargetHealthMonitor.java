package plemu.dataplane;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import plemu.dataplane.io.TcpTransport;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;
import plemu.links.Links;
import plemu.links.Place;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.Target;
import plemu.model.TargetGroup;
import plemu.model.TargetHealthReport;

/**
 * The health checks of one NLB node (a child of its {@link NlbNode} actor, so they stop, pause and
 * restart with it): it checks every target its node may send to, on the group's interval, from the
 * node's host address, through the link from its zone to the target. This actor holds the node's
 * health view of its targets: states feed the node's routing at once (through the zone's
 * {@link ZoneHealth}) and are published to the cluster for DescribeTargetHealth. A target that turns
 * unhealthy has its flows reset (unless the group says otherwise or the node fails open); a drained
 * target's flows are closed when its deregistration delay ends, if the group asks for that. While
 * its node is stopped, it checks nothing and keeps what it saw last.
 */
public final class TargetHealthMonitor {
  private TargetHealthMonitor() {}

  public sealed interface Command {}

  record StateChanged(Desired state) implements Command {}

  /** The node stopped: no checks until {@link Resume}. */
  enum Pause implements Command { INSTANCE }

  /** The node serves again: check everything at once, then on the interval. */
  enum Resume implements Command { INSTANCE }

  private record Tick(String key) implements Command {}

  private record Checked(String key, HealthProbe.Result result) implements Command {}

  private record Published(Replicator.UpdateResponse<LWWMap<String, TargetHealthReport>> response) implements Command {}

  private enum SweepDraining implements Command { INSTANCE }

  /** One check: which NLB node checks which target of which group, and how. */
  private record Check(LoadBalancer lb, TargetGroup tg, Target target, InetSocketAddress address, String sourceHost,
      String hostHeader) {}

  /** The cluster key under which an AZ's nodes publish what they observe (not durable: it is observed state). */
  public static Key<LWWMap<String, TargetHealthReport>> reportsKey(String zoneId) {
    return plemu.state.DataKeys.health(zoneId);
  }

  static String key(String lbArn, String tgArn, Target t) {
    return lbArn + "|" + tgArn + "|" + t.key();
  }

  /** The checks of the node of {@code loadBalancerArn} in the zone, whose flows {@code proxy} handles. */
  static Behavior<Command> create(String loadBalancerArn, ZoneGuardian.Context zone, NlbProxy proxy) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(SweepDraining.INSTANCE, Duration.ofSeconds(1));
      Monitor m = new Monitor(ctx, timers, loadBalancerArn, zone, proxy);
      m.onState(zone.state().get());
      return m.behavior();
    }));
  }

  private static final class Monitor {
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final String loadBalancerArn;
    private final String zoneId;
    private final AtomicReference<Desired> state;
    private final ZoneHealth health;
    /** The zone's source ports (a check takes one of its node's address). */
    private final ZoneFlows zoneFlows;
    /** The node's flows: reset when a target turns unhealthy, closed when a drained one's delay ends. */
    private final NlbProxy proxy;
    /** The zone's data-plane system: the probes run there, as the flows do. */
    private final ActorSystem<?> flows;
    private final TcpTransport tcp;
    /** A probe crosses the link from the NLB node's zone to the target, as the flows do. */
    private final Links links;
    private final Map<String, Check> checks = new HashMap<>();
    private final Map<String, Long> intervals = new HashMap<>();
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private final SelfUniqueAddress self;
    private boolean paused;

    Monitor(ActorContext<Command> ctx, TimerScheduler<Command> timers, String loadBalancerArn, ZoneGuardian.Context zone,
        NlbProxy proxy) {
      this.ctx = ctx;
      this.timers = timers;
      this.loadBalancerArn = loadBalancerArn;
      this.zoneId = zone.zoneId();
      this.state = zone.state();
      this.health = zone.health();
      this.zoneFlows = zone.flows();
      this.proxy = proxy;
      this.flows = zone.flowSystem();
      this.tcp = zone.tcp();
      this.links = zone.links();
      this.self = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(StateChanged.class, m -> onState(m.state()))
          .onMessage(Tick.class, this::onTick)
          .onMessage(Checked.class, this::onChecked)
          .onMessage(Published.class, m -> Behaviors.same())
          .onMessageEquals(SweepDraining.INSTANCE, this::sweepDraining)
          .onMessageEquals(Pause.INSTANCE, this::pause)
          .onMessageEquals(Resume.INSTANCE, this::resume)
          .onSignal(PostStop.class, stop -> forgetAll())
          .build();
    }

    private Behavior<Command> pause() {
      paused = true;
      for (String key : checks.keySet()) timers.cancel(key);
      intervals.clear();
      return Behaviors.same();
    }

    private Behavior<Command> resume() {
      if (!paused) return Behaviors.same();
      paused = false;
      onState(state.get());
      for (String key : checks.keySet()) ctx.getSelf().tell(new Tick(key)); // check at once
      return Behaviors.same();
    }

    /** The node is gone (or restarts): its health view goes with it, here and in the cluster. */
    private Behavior<Command> forgetAll() {
      for (Map.Entry<String, Check> e : checks.entrySet()) {
        health.remove(e.getKey());
        unpublish(e.getValue());
      }
      checks.clear();
      return Behaviors.same();
    }

    /** Every check this NLB node must run in {@code desired}. */
    private Map<String, Check> wanted(Desired desired) {
      Map<String, Check> out = new HashMap<>();
      LoadBalancer lb = desired.loadBalancers().get(loadBalancerArn);
      if (lb == null) return out;
      Optional<LoadBalancer.Node> node = lb.node(zoneId);
      if (node.isEmpty()) return out;
      NetworkInterface eni = desired.networkInterfaces().get(node.get().networkInterfaceId());
      if (eni == null) return out;
      for (Listener l : desired.rowsWhere(Table.LISTENERS_BY_LOAD_BALANCER, lb.loadBalancerArn())) {
        TargetGroup tg = desired.targetGroups().get(l.targetGroupArn());
        if (tg == null || !tg.healthCheck().enabled()) continue;
        for (Target t : TargetSelection.candidates(desired, lb, tg, zoneId)) {
          int port = tg.healthCheck().port().equals("traffic-port") ? t.port() : Integer.parseInt(tg.healthCheck().port());
          Target probe = new Target(t.id(), port, t.availabilityZone(), t.zoneId());
          Optional<InetSocketAddress> address = TargetSelection.realAddress(desired, tg, probe);
          String host = eni.privateIpAddress() + ":" + l.port();
          address.ifPresent(a -> out.put(key(lb.loadBalancerArn(), tg.targetGroupArn(), t),
              new Check(lb, tg, t, a, eni.hostAddress(), host)));
        }
      }
      return out;
    }

    private Behavior<Command> onState(Desired desired) {
      if (paused) return Behaviors.same();
      Map<String, Check> wanted = wanted(desired);
      for (String key : List.copyOf(checks.keySet()))
        if (!wanted.containsKey(key)) {
          timers.cancel(key);
          unpublish(checks.get(key));
          checks.remove(key);
          intervals.remove(key);
          health.remove(key);
        }
      for (Map.Entry<String, Check> e : wanted.entrySet()) {
        String key = e.getKey();
        Check check = e.getValue();
        long interval = check.tg().healthCheck().intervalSeconds();
        boolean isNew = !checks.containsKey(key);
        checks.put(key, check);
        if (isNew) {
          health.put(key, TargetHealthState.initial());
          publish(key, check, health.get(key));
          ctx.getSelf().tell(new Tick(key)); // the first check at once
        }
        if (isNew || !Long.valueOf(interval).equals(intervals.get(key))) {
          timers.startTimerWithFixedDelay(key, new Tick(key), Duration.ofSeconds(interval));
          intervals.put(key, interval);
        }
      }
      return Behaviors.same();
    }

    private Behavior<Command> onTick(Tick tick) {
      Check check = checks.get(tick.key());
      if (check == null || paused || inFlight.putIfAbsent(tick.key(), true) != null) return Behaviors.same();
      CompletionStage<HealthProbe.Result> result = HealthProbe.check(check.tg().healthCheck(), check.address(),
          check.sourceHost(), check.hostHeader(), zoneFlows, flows, tcp,
          links.bidi(links.link(Place.az(zoneId), NlbProxy.placeOf(check.target())).id()));
      ctx.pipeToSelf(result, (r, failure) -> new Checked(tick.key(), failure == null ? r
          : new HealthProbe.Result(false, "Elb.InternalError", String.valueOf(failure))));
      return Behaviors.same();
    }

    private Behavior<Command> onChecked(Checked checked) {
      inFlight.remove(checked.key());
      Check check = checks.get(checked.key());
      TargetHealthState before = health.get(checked.key());
      if (check == null || before == null || paused) return Behaviors.same();
      HealthProbe.Result r = checked.result();
      TargetHealthState after = before.after(r.passed(), r.reason(), r.description(), check.tg().healthCheck());
      health.put(checked.key(), after);
      if (!after.state().equals(before.state()) || !java.util.Objects.equals(after.reason(), before.reason())) {
        ctx.getLog().info("target {} of {} seen from {}: {} -> {} ({})", check.target().key(), check.tg().name(), zoneId,
            before.state(), after.state(), after.reason());
        publish(checked.key(), check, after);
        if (after.state().equals("unhealthy") && check.tg().terminateOnUnhealthy() && !failsOpenTo(check)) {
          int reset = proxy.resetFlows(checked.key());
          if (reset > 0) ctx.getLog().info("reset {} flows to unhealthy target {}", reset, check.target().key());
        }
      }
      return Behaviors.same();
    }

    /** True when this node fails open: the unhealthy target still takes flows because none is healthy. */
    private boolean failsOpenTo(Check check) {
      List<Target> routable = TargetSelection.routable(state.get(), check.lb(), check.tg(), zoneId,
          health);
      return routable.contains(check.target());
    }

    /** Flows of targets whose deregistration delay is over end now, when the group asks for that. */
    private Behavior<Command> sweepDraining() {
      long now = System.currentTimeMillis();
      Desired desired = state.get();
      for (Listener l : desired.rowsWhere(Table.LISTENERS_BY_LOAD_BALANCER, loadBalancerArn)) {
        TargetGroup tg = desired.targetGroups().get(l.targetGroupArn());
        if (tg == null || !tg.terminateOnDeregistration()) continue;
        for (Target t : tg.targets())
          if (t.draining() && !tg.stillDraining(t, now)) {
            int closed = proxy.closeFlows(tg.targetGroupArn(), t);
            if (closed > 0) ctx.getLog().info("closed {} flows of drained target {}", closed, t.key());
          }
      }
      return Behaviors.same();
    }

    private void publish(String key, Check check, TargetHealthState s) {
      TargetHealthReport report = new TargetHealthReport(check.lb().loadBalancerArn(), check.tg().targetGroupArn(),
          check.target().id(), check.target().port(), zoneId, s.state(), s.reason(), s.description(),
          System.currentTimeMillis());
      String reportKey = TargetHealthReport.key(check.lb().loadBalancerArn(), zoneId, check.tg().targetGroupArn(),
          check.target().key());
      DistributedData.get(ctx.getSystem()).replicator().tell(new Replicator.Update<LWWMap<String, TargetHealthReport>>(
          reportsKey(zoneId), LWWMap.create(), Replicator.writeLocal(), publishedAdapter(),
          map -> map.put(self, reportKey, report)));
    }

    private void unpublish(Check check) {
      String reportKey = TargetHealthReport.key(check.lb().loadBalancerArn(), zoneId, check.tg().targetGroupArn(),
          check.target().key());
      DistributedData.get(ctx.getSystem()).replicator().tell(new Replicator.Update<LWWMap<String, TargetHealthReport>>(
          reportsKey(zoneId), LWWMap.create(), Replicator.writeLocal(), publishedAdapter(),
          map -> map.remove(self, reportKey)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private org.apache.pekko.actor.typed.ActorRef<Replicator.UpdateResponse<LWWMap<String, TargetHealthReport>>> publishedAdapter() {
      return (org.apache.pekko.actor.typed.ActorRef) ctx.messageAdapter(Replicator.UpdateResponse.class,
          r -> new Published((Replicator.UpdateResponse<LWWMap<String, TargetHealthReport>>) r));
    }
  }
}
