package plemu.controlplane;

import java.util.random.RandomGenerator;
import plemu.model.ResourceIds;

/** Where new resource ids and random choices come from; tests pass a seeded generator. */
public final class IdSource {
  private final RandomGenerator random;
  private final java.util.function.LongSupplier clock;

  public IdSource(RandomGenerator random) {
    this(random, System::currentTimeMillis);
  }

  public IdSource(RandomGenerator random, java.util.function.LongSupplier clock) {
    this.random = random;
    this.clock = clock;
  }

  /** Milliseconds since the epoch, for creation times. */
  public long now() {
    return clock.getAsLong();
  }

  public String next(String prefix) {
    return ResourceIds.next(prefix, random);
  }

  /** {@code digits} random lowercase hex digits, as in ELB ARNs (16). */
  public String hex(int digits) {
    StringBuilder b = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) b.append(Character.forDigit(random.nextInt(16), 16));
    return b.toString();
  }

  public long nextLong() {
    return random.nextLong();
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
