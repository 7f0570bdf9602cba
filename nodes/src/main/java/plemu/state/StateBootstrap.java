package plemu.state;

import java.util.HashMap;
import java.util.Map;
import plemu.changelog.ChangeLog;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;

/**
 * The whole desired state from what a majority holds. Read in this order: the head (every write up to
 * its materialized version M is in the stored rows a majority holds), then the rows (they hold at
 * least M; maybe pieces of later writes), then the log (it holds every write after M whose rows may
 * have been seen: a write is logged before its rows are stored), then the head again (for the
 * newest writer epochs). The rows, with the logged writes after M replayed over them in order, are
 * the state at the newest whole write: a later write's rows seen early are written again by its own
 * replay.
 */
final class StateBootstrap {
  private StateBootstrap() {}

  static Desired from(ReplicatedLog.MajorityRead read) {
    Map<Table<?>, Map<String, ?>> tables = new HashMap<>();
    read.rows().forEach((key, row) -> {
      int slash = key.indexOf('/');
      Table<?> table = Table.named(key.substring(0, slash));
      if (table == null) throw new IllegalStateException("the stored rows name table '" + key.substring(0, slash)
          + "', which this plemu does not know");
      @SuppressWarnings("unchecked")
      Map<String, Object> rows = (Map<String, Object>) tables.computeIfAbsent(table, t -> new HashMap<String, Object>());
      rows.put(key.substring(slash + 1), row);
    });
    Desired base = Desired.fromTables(tables).withVersion(read.headBefore().materializedVersion());
    return ChangeLog.replay(base, read.parts(), read.headAfter());
  }
}
