package plemu.controlplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to the desired state, the same for a snapshot ({@link Desired}) and for a write's
 * working copy ({@link Desired.Builder}), so that reads and writes find resources the same way.
 */
public interface StateView {
  /** Every row of a table (read-only). */
  <T> Map<String, T> rows(Table<T> table);

  /** The ids of the rows of {@code table} that {@code accountId} owns: costs what the account has. */
  java.util.Set<String> idsOwnedBy(Table<?> table, String accountId);

  default <T> Optional<T> get(Table<T> table, String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(rows(table).get(id));
  }

  /** The rows of {@code table} that {@code accountId} owns. */
  default <T> List<T> ownedBy(Table<T> table, String accountId) {
    Map<String, T> rows = rows(table);
    List<T> out = new ArrayList<>();
    for (String id : idsOwnedBy(table, accountId)) out.add(rows.get(id));
    return out;
  }
}
