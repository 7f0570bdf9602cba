package plemu.dataplane;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import plemu.controlplane.Desired;

/**
 * The routes of each listener at this zone's NLB nodes ({@link TargetSelection#prepare}), worked out
 * on the first flow after the desired state or the zone's health changed and reused by every flow
 * until the next change, so a new flow only hashes and picks.
 */
final class ListenerRouteCache {
  private record Generation(Desired state, long healthVersion,
      ConcurrentHashMap<String, Optional<TargetSelection.ListenerRoutes>> routes) {}

  private final String zoneId;
  private final AtomicReference<Desired> state;
  private final ZoneHealth health;
  private volatile Generation current = new Generation(null, -1, new ConcurrentHashMap<>());

  ListenerRouteCache(String zoneId, AtomicReference<Desired> state, ZoneHealth health) {
    this.zoneId = zoneId;
    this.state = state;
    this.health = health;
  }

  Optional<TargetSelection.ListenerRoutes> of(String listenerArn) {
    Desired desired = state.get();
    long version = health.version();
    Generation g = current;
    if (g.state() != desired || g.healthVersion() != version) {
      g = new Generation(desired, version, new ConcurrentHashMap<>());
      current = g;
    }
    Desired snapshot = g.state();
    return g.routes().computeIfAbsent(listenerArn, arn -> TargetSelection.prepare(snapshot, arn, zoneId, health));
  }
}
