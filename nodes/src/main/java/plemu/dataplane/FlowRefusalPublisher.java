package plemu.dataplane;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.PNCounterMap;
import org.apache.pekko.cluster.ddata.PNCounterMapKey;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import plemu.controlplane.Desired;

/**
 * Publishes an AZ's refused-flow counts ({@link FlowRefusals}) for the region's API: once a second,
 * when something changed, the new refusals are added to the zone's counters under the observed,
 * non-durable key {@code refused-flows-<AZ ID>} (a {@link PNCounterMap}: each node adds its own
 * increments, so the totals survive this node's restart while the cluster runs), and counters of
 * interfaces that no longer exist are removed. Also logs how many refusals the log rate limit left out.
 */
public final class FlowRefusalPublisher {
  private FlowRefusalPublisher() {}

  static final Duration INTERVAL = Duration.ofSeconds(1);

  private enum Tick { INSTANCE }

  /** The counters of a zone: {@code <eni id>|<reason>} to the number of refused flows. */
  public static Key<PNCounterMap<String>> key(String zoneId) {
    return plemu.state.DataKeys.refusedFlows(zoneId);
  }

  static Behavior<Tick> create(FlowRefusals refusals, AtomicReference<Desired> state) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, INTERVAL);
      var ddata = DistributedData.get(ctx.getSystem());
      var self = ddata.selfUniqueAddress();
      Key<PNCounterMap<String>> key = key(refusals.zoneId());
      // the snapshot counters were last pruned against: not the empty one the zone starts with
      Desired[] pruned = {state.get()};
      return Behaviors.receiveMessage(tick -> {
        long notLogged = refusals.takeNotLogged();
        if (notLogged > 0)
          FlowRefusals.log.info("[{}] {} more refused flows in the last second not logged (at most {} lines a second)",
              refusals.zoneId(), notLogged, FlowRefusals.LOG_LINES_PER_SECOND);
        Map<String, Long> added = refusals.takePending();
        Desired desired = state.get();
        boolean prune = desired != pruned[0];
        if (added.isEmpty() && !prune) return Behaviors.same();
        pruned[0] = desired;
        ddata.replicator().tell(new Replicator.Update<PNCounterMap<String>>(key, PNCounterMap.empty(),
            Replicator.writeLocal(), ctx.getSystem().ignoreRef(), map -> {
              PNCounterMap<String> out = map;
              for (Map.Entry<String, Long> e : added.entrySet()) out = out.incrementBy(e.getKey(), e.getValue(), self);
              if (prune)
                for (String counter : map.getEntries().keySet())
                  if (!desired.networkInterfaces().containsKey(interfaceOf(counter))) out = out.remove(counter, self);
              return out;
            }));
        return Behaviors.same();
      });
    }));
  }

  /** The interface of a counter key. */
  public static String interfaceOf(String counterKey) {
    return counterKey.substring(0, counterKey.indexOf('|'));
  }
}
