package plemu.dataplane;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import plemu.model.Target;

/**
 * The health states an AZ's NLB nodes hold for their targets (written by {@link TargetHealthMonitor},
 * read by every new flow), with a version that moves whenever a change could alter routing: a target
 * checked or forgotten, or turning healthy or not. Routes prepared for one version stay valid until
 * the next.
 */
final class ZoneHealth implements TargetSelection.HealthView {
  private final ConcurrentHashMap<String, TargetHealthState> states = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();

  TargetHealthState get(String key) {
    return states.get(key);
  }

  void put(String key, TargetHealthState state) {
    TargetHealthState before = states.put(key, state);
    if (before == null || before.healthy() != state.healthy()) version.incrementAndGet();
  }

  void remove(String key) {
    if (states.remove(key) != null) version.incrementAndGet();
  }

  long version() {
    return version.get();
  }

  @Override
  public Optional<TargetHealthState> of(String loadBalancerArn, String targetGroupArn, Target target) {
    return Optional.ofNullable(states.get(TargetHealthMonitor.key(loadBalancerArn, targetGroupArn, target)));
  }
}
