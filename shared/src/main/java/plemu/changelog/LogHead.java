package plemu.changelog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import plemu.model.KryoSerializable;

/**
 * What the log's readers need besides its entries: every write up to {@code materializedVersion}
 * (whose last piece is at {@code materializedSlot}) is in the stored rows, and which writer
 * incarnation owns which versions ({@code epochs}: the newest few, by first version).
 */
public record LogHead(long materializedVersion, long materializedSlot, List<EpochStart> epochs)
    implements KryoSerializable {
  /** How many epoch starts the head keeps (older ones cover versions every node has long applied). */
  static final int KEPT_EPOCHS = 16;

  public LogHead {
    epochs = List.copyOf(epochs);
  }

  public static LogHead empty() {
    return new LogHead(0, -1, List.of());
  }

  /** The epoch that owns {@code version}, or 0 when no epoch start covers it. */
  public long epochOf(long version) {
    long owner = 0;
    long from = Long.MIN_VALUE;
    for (EpochStart e : epochs)
      if (e.firstVersion() <= version && e.firstVersion() >= from) {
        owner = e.epoch();
        from = e.firstVersion();
      }
    return owner;
  }

  public LogHead withEpoch(EpochStart start) {
    List<EpochStart> all = new ArrayList<>(epochs);
    all.removeIf(e -> e.epoch() == start.epoch() || e.firstVersion() >= start.firstVersion());
    all.add(start);
    all.sort(Comparator.comparingLong(EpochStart::firstVersion));
    while (all.size() > KEPT_EPOCHS) all.remove(0);
    return new LogHead(materializedVersion, materializedSlot, all);
  }

  public LogHead materialized(long version, long slot) {
    if (version <= materializedVersion) return this;
    return new LogHead(version, slot, epochs);
  }
}
