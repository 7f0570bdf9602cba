package plemu.dataplane;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import plemu.dataplane.io.TcpTransport;
import plemu.controlplane.Desired;

/**
 * One NLB node of this zone (addressed by its network interface id): its listeners, its flows
 * ({@link NlbProxy}: routes, target choice, Proxy Protocol, relay, the registry of open flows), its
 * source ports and its health checks (a child {@link TargetHealthMonitor}, which holds the node's
 * view of its targets' health; it pauses while the node is stopped and starts over with the node).
 * While it serves, the zone's endpoint interfaces pinned to its NLB hand it their flows.
 */
final class NlbNode extends ListeningEntity {
  /** The desired state changed (the guardian tells every NLB node): its health checks follow it. */
  record TargetsChanged(Desired state) implements DataPlaneEntity.Command {}

  private final String loadBalancerArn;
  private final NlbProxy proxy;
  private final ActorRef<TargetHealthMonitor.Command> healthChecks;
  private boolean registered;

  static Behavior<DataPlaneEntity.Command> create(String networkInterfaceId, String loadBalancerArn,
      ZoneGuardian.Context zone, AtomicReference<String> lastFailure) {
    return Behaviors.setup(ctx -> new NlbNode(ctx, networkInterfaceId, loadBalancerArn, zone, lastFailure));
  }

  private NlbNode(ActorContext<DataPlaneEntity.Command> ctx, String networkInterfaceId, String loadBalancerArn,
      ZoneGuardian.Context zone, AtomicReference<String> lastFailure) {
    super(ctx, "nlb-node", networkInterfaceId, networkInterfaceId, zone, lastFailure);
    this.loadBalancerArn = loadBalancerArn;
    this.proxy = new NlbProxy(zone.flowSystem(), zone.tcp(), zone.zoneId(), zone.state(), zone.health(), zone.settings(),
        zone.refusals(), zone.flows(), zone.links());
    zone.flows().register(loadBalancerArn, proxy);
    registered = true;
    healthChecks = ctx.spawn(TargetHealthMonitor.create(loadBalancerArn, zone, proxy), "health-checks");
  }

  @Override
  protected ReceiveBuilder<DataPlaneEntity.Command> more(ReceiveBuilder<DataPlaneEntity.Command> builder) {
    return builder.onMessage(TargetsChanged.class, changed -> {
      healthChecks.tell(new TargetHealthMonitor.StateChanged(changed.state()));
      return this;
    });
  }

  @Override
  protected void stopped() {
    healthChecks.tell(TargetHealthMonitor.Pause.INSTANCE);
  }

  @Override
  protected void resumed() {
    healthChecks.tell(TargetHealthMonitor.Resume.INSTANCE);
  }

  @Override
  protected void handle(TcpTransport.Incoming connection, Binding binding) {
    proxy.handle(connection, binding.listenerArn(), binding.networkInterfaceId(), Optional.empty());
  }

  @Override
  protected void beforeBind(Binding b) {
    // its own connections to targets must not pick a listener's port as their source port
    zone.flows().ports(TargetSelection.literal(b.host())).reserve(b.port());
    if (!registered) {
      zone.flows().register(loadBalancerArn, proxy);
      registered = true;
    }
  }

  @Override
  protected int resetFlows(String why) {
    zone.flows().unregister(loadBalancerArn, proxy);
    registered = false;
    return proxy.resetAll(why);
  }
}
