package plemu.dataplane;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Tcp;

/**
 * One NLB node of this zone (addressed by its network interface id): its listeners, its flows
 * ({@link NlbProxy}: target choice, Proxy Protocol, relay, the registry of open flows) and its
 * source ports. While it serves, the zone's endpoint interfaces pinned to its NLB hand it their flows.
 */
final class NlbNode extends ListeningEntity {
  private final String loadBalancerArn;
  private final NlbProxy proxy;
  private boolean registered;

  static Behavior<DataPlaneEntity.Command> create(String networkInterfaceId, String loadBalancerArn,
      ZoneGuardian.Context zone, AtomicReference<String> lastFailure) {
    return Behaviors.setup(ctx -> new NlbNode(ctx, networkInterfaceId, loadBalancerArn, zone, lastFailure));
  }

  private NlbNode(ActorContext<DataPlaneEntity.Command> ctx, String networkInterfaceId, String loadBalancerArn,
      ZoneGuardian.Context zone, AtomicReference<String> lastFailure) {
    super(ctx, "nlb-node", networkInterfaceId, networkInterfaceId, zone, lastFailure);
    this.loadBalancerArn = loadBalancerArn;
    this.proxy = new NlbProxy(zone.flowSystem(), zone.zoneId(), zone.state(), zone.health(), zone.settings(),
        zone.refusals(), zone.flows(), zone.links());
    zone.flows().register(loadBalancerArn, proxy);
    registered = true;
  }

  @Override
  protected void handle(Tcp.IncomingConnection connection, Binding binding) {
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
