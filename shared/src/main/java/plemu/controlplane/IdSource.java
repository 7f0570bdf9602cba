package plemu.controlplane;

import java.util.random.RandomGenerator;
import plemu.model.ResourceIds;

/** Where new resource ids and random choices come from; tests pass a seeded generator. */
public final class IdSource {
  private final RandomGenerator random;

  public IdSource(RandomGenerator random) {
    this.random = random;
  }

  public String next(String prefix) {
    return ResourceIds.next(prefix, random);
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
