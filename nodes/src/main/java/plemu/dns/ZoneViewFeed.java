package plemu.dns;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import plemu.controlplane.Desired;
import plemu.dataplane.TargetHealthMonitor;
import plemu.dataplane.ZoneDataPlane;
import plemu.model.RegionInfo;
import plemu.model.TargetHealthReport;

/**
 * Keeps a region node's {@link ZoneServingView} current: the desired state, and for every zone of
 * the region what its AZ node publishes (the health its NLB nodes see, the interfaces that listen).
 */
public final class ZoneViewFeed {
  private ZoneViewFeed() {}

  public interface Command {}

  public record StateChanged(Desired state) implements Command {}

  @SuppressWarnings("rawtypes")
  private record Observed(Replicator.SubscribeResponse response) implements Command {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Behavior<Command> create(String region, ZoneServingView view) {
    return Behaviors.setup(ctx -> {
      Set<String> watched = new HashSet<>();
      // one adapter for both kinds of key: the key's name says which zone and what it holds
      ActorRef<Replicator.SubscribeResponse> adapter = ctx.messageAdapter(Replicator.SubscribeResponse.class, Observed::new);
      var replicator = DistributedData.get(ctx.getSystem()).replicator();
      return Behaviors.receive(Command.class)
          .onMessage(StateChanged.class, changed -> {
            view.stateChanged(changed.state());
            RegionInfo info = changed.state().regions().get(region);
            if (info != null)
              for (String zoneId : info.zoneIds())
                if (watched.add(zoneId)) {
                  replicator.tell(new Replicator.Subscribe(TargetHealthMonitor.reportsKey(zoneId), (ActorRef) adapter));
                  replicator.tell(new Replicator.Subscribe(ZoneDataPlane.listeningKey(zoneId), (ActorRef) adapter));
                }
            return Behaviors.same();
          })
          .onMessage(Observed.class, observed -> {
            String key = observed.response().key().id();
            Map<String, ?> entries = observed.response() instanceof Replicator.Changed c
                ? ((LWWMap<String, ?>) c.get(c.key())).getEntries() : Map.of();
            if (key.startsWith("health-"))
              view.reportsChanged(key.substring("health-".length()), (Map<String, TargetHealthReport>) entries);
            else if (key.startsWith("listening-"))
              view.listeningChanged(key.substring("listening-".length()), entries.keySet());
            return Behaviors.same();
          })
          .build();
    });
  }
}
