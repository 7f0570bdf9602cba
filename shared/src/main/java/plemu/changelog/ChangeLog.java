package plemu.changelog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import plemu.controlplane.Desired;
import plemu.lifecycle.LoggedEvent;

/**
 * The pure logic of the replicated change log: a write's changes cut into pieces that each fit a
 * cluster message, and pieces put back together and applied in version order, each write whole.
 */
public final class ChangeLog {
  private ChangeLog() {}

  /** Rows per piece: keeps a piece (and a log segment of a few pieces) far below Artery's frame size. */
  public static final int ROWS_PER_PART = 32;

  /** The pieces of write {@code version}, at slots from {@code firstSlot} on (an empty write has one empty piece). */
  public static List<LogPart> split(long epoch, long version, long firstSlot, List<Desired.Change> changes) {
    return split(epoch, version, firstSlot, changes, List.of());
  }

  /** The same, with the write's lifecycle events in its first piece. */
  public static List<LogPart> split(long epoch, long version, long firstSlot, List<Desired.Change> changes,
      List<LoggedEvent> events) {
    List<RowChange> rows = new ArrayList<>(changes.size());
    for (Desired.Change c : changes) rows.add(RowChange.of(c));
    int parts = Math.max(1, (rows.size() + ROWS_PER_PART - 1) / ROWS_PER_PART);
    List<LogPart> out = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++)
      out.add(new LogPart(epoch, version, p, parts, firstSlot + p,
          rows.subList(p * ROWS_PER_PART, Math.min(rows.size(), (p + 1) * ROWS_PER_PART)), p == 0 ? events : List.of()));
    return out;
  }

  /** The changes of one write, from all its pieces. */
  public static List<Desired.Change> changesOf(List<LogPart> parts) {
    List<Desired.Change> out = new ArrayList<>();
    for (LogPart p : parts) for (RowChange r : p.changes()) out.add(r.toChange());
    return out;
  }

  /** The lifecycle events of one write, from its pieces. */
  public static List<LoggedEvent> eventsOf(List<LogPart> parts) {
    List<LoggedEvent> out = new ArrayList<>();
    for (LogPart p : parts) out.addAll(p.events());
    return out;
  }

  /**
   * The whole writes among {@code parts}: version to its pieces in order. A version's pieces count only
   * from the epoch the head says owns it (when it knows none, from the newest epoch that wrote it).
   */
  public static TreeMap<Long, List<LogPart>> wholeWrites(Collection<LogPart> parts, LogHead head) {
    Map<Long, TreeMap<Long, Map<Integer, LogPart>>> byVersion = new HashMap<>();
    for (LogPart p : parts)
      byVersion.computeIfAbsent(p.version(), v -> new TreeMap<>())
          .computeIfAbsent(p.epoch(), e -> new HashMap<>()).put(p.part(), p);
    TreeMap<Long, List<LogPart>> out = new TreeMap<>();
    byVersion.forEach((version, byEpoch) -> {
      long owner = head.epochOf(version);
      Map<Integer, LogPart> pieces = owner != 0 ? byEpoch.get(owner) : byEpoch.lastEntry().getValue();
      if (pieces == null || pieces.isEmpty()) return;
      int n = pieces.values().iterator().next().parts();
      List<LogPart> ordered = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        LogPart piece = pieces.get(i);
        if (piece == null) return;
        ordered.add(piece);
      }
      out.put(version, ordered);
    });
    return out;
  }

  /** {@code base} with every whole write after its version applied in order, up to the first missing one. */
  public static Desired replay(Desired base, Collection<LogPart> parts, LogHead head) {
    TreeMap<Long, List<LogPart>> writes = wholeWrites(parts, head);
    Desired state = base;
    for (long v = base.version() + 1; writes.containsKey(v); v++) state = state.apply(changesOf(writes.get(v)), v);
    return state;
  }
}
