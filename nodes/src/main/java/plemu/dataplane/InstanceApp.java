package plemu.dataplane;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import plemu.dataplane.io.TcpTransport;
import plemu.model.Instance;

/**
 * The app of one running instance of this zone (addressed by the instance id): its listener on the
 * instance's host address and app port, and its open flows ({@link InstanceApps}).
 */
final class InstanceApp extends ListeningEntity {
  private final Set<UniqueKillSwitch> open = ConcurrentHashMap.newKeySet();

  static Behavior<DataPlaneEntity.Command> create(String instanceId, String networkInterfaceId, ZoneGuardian.Context zone,
      AtomicReference<String> lastFailure) {
    return Behaviors.setup(ctx -> new InstanceApp(ctx, instanceId, networkInterfaceId, zone, lastFailure));
  }

  private InstanceApp(ActorContext<DataPlaneEntity.Command> ctx, String instanceId, String networkInterfaceId,
      ZoneGuardian.Context zone, AtomicReference<String> lastFailure) {
    super(ctx, "instance", instanceId, networkInterfaceId, zone, lastFailure);
  }

  @Override
  protected void handle(TcpTransport.Incoming connection, Binding binding) {
    Instance instance = zone.state().get().instances().get(id);
    if (instance == null || !instance.running()) {
      connection.handleWith(NlbProxy.reset("instance " + id + " is not running"), zone.flowSystem());
      return;
    }
    // runs on the stream's thread: use only thread-safe fields here, never the actor's context
    connection.handleWith(InstanceApps.flow(instance, connection.remoteAddress(), zone.state())
        .viaMat(KillSwitches.single(), Keep.right())
        .watchTermination((killSwitch, done) -> {
          open.add(killSwitch);
          done.whenComplete((ok, failure) -> open.remove(killSwitch));
          return killSwitch;
        }), zone.flowSystem());
  }

  @Override
  protected int resetFlows(String why) {
    int n = open.size();
    open.forEach(ks -> ks.abort(new IllegalStateException(why)));
    return n;
  }
}
