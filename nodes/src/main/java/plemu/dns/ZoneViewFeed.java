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
import plemu.dataplane.ZoneGuardian;
import plemu.model.RegionInfo;
import plemu.model.TargetHealthReport;

/**
 * Keeps a region node's {@link ZoneServingView} current: the desired state, and for every zone of
 * the region what its AZ node publishes (the health its NLB nodes see, the interfaces that listen).
 * Tells a listener each change once the view holds it, so that what the listener reads from the view
 * is never older than what it was told.
 */
public final class ZoneViewFeed {
  private ZoneViewFeed() {}

  public interface Command {}

  /** A new snapshot, with what changed since the one before (see {@link plemu.state.StateFollower.Update}). */
  public record StateChanged(plemu.state.StateFollower.Update update) implements Command {}

  /** A change the view now holds. */
  public sealed interface Change permits StateSeen, HealthSeen, ListeningSeen, StatusSeen {}

  /** The statuses of a zone's data-plane actors, all of them. */
  public record StatusSeen(String zoneId, Map<String, plemu.model.DataPlaneStatus> statuses) implements Change {}

  /** A snapshot, the rows changed since the one before, or {@code whole}: look at everything. */
  public record StateSeen(Desired state, java.util.List<Desired.Change> changes, boolean whole) implements Change {}

  /** The health reports of one zone's NLB nodes, all of them. */
  public record HealthSeen(String zoneId, Map<String, TargetHealthReport> reports) implements Change {}

  /** The listening interfaces of a zone changed: those that started or stopped listening. */
  public record ListeningSeen(String zoneId, Set<String> changedInterfaces) implements Change {}

  @SuppressWarnings("rawtypes")
  private record Observed(Replicator.SubscribeResponse response) implements Command {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> Behavior<Command> create(String region, ZoneServingView view, ActorRef<T> listener,
      java.util.function.Function<Change, T> wrap) {
    return Behaviors.setup(ctx -> {
      Set<String> watched = new HashSet<>();
      java.util.Map<String, Set<String>> listening = new java.util.HashMap<>();
      // one adapter for both kinds of key: the key's name says which zone and what it holds
      ActorRef<Replicator.SubscribeResponse> adapter = ctx.messageAdapter(Replicator.SubscribeResponse.class, Observed::new);
      var replicator = DistributedData.get(ctx.getSystem()).replicator();
      return Behaviors.receive(Command.class)
          .onMessage(StateChanged.class, changed -> {
            Desired state = changed.update().state();
            view.stateChanged(state);
            listener.tell(wrap.apply(new StateSeen(state, changed.update().changes(), changed.update().whole())));
            RegionInfo info = state.regions().get(region);
            if (info != null)
              for (String zoneId : info.zoneIds())
                if (watched.add(zoneId)) {
                  replicator.tell(new Replicator.Subscribe(TargetHealthMonitor.reportsKey(zoneId), (ActorRef) adapter));
                  replicator.tell(new Replicator.Subscribe(ZoneGuardian.listeningKey(zoneId), (ActorRef) adapter));
                  replicator.tell(new Replicator.Subscribe(plemu.state.DataKeys.status(zoneId), (ActorRef) adapter));
                }
            return Behaviors.same();
          })
          .onMessage(Observed.class, observed -> {
            String key = observed.response().key().id();
            Map<String, ?> entries = observed.response() instanceof Replicator.Changed c
                ? ((LWWMap<String, ?>) c.get(c.key())).getEntries() : Map.of();
            if (key.startsWith("health-")) {
              String zoneId = key.substring("health-".length());
              view.reportsChanged(zoneId, (Map<String, TargetHealthReport>) entries);
              listener.tell(wrap.apply(new HealthSeen(zoneId, Map.copyOf((Map<String, TargetHealthReport>) entries))));
            } else if (key.startsWith("status-")) {
              String zoneId = key.substring("status-".length());
              listener.tell(wrap.apply(new StatusSeen(zoneId, Map.copyOf((Map<String, plemu.model.DataPlaneStatus>) entries))));
            } else if (key.startsWith("listening-")) {
              String zoneId = key.substring("listening-".length());
              view.listeningChanged(zoneId, entries.keySet());
              Set<String> was = listening.getOrDefault(zoneId, Set.of());
              Set<String> changedInterfaces = new HashSet<>(entries.keySet());
              changedInterfaces.removeAll(was);
              for (String eni : was) if (!entries.containsKey(eni)) changedInterfaces.add(eni);
              listening.put(zoneId, Set.copyOf(entries.keySet()));
              listener.tell(wrap.apply(new ListeningSeen(zoneId, changedInterfaces)));
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
