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

  /** The ids of the rows whose {@code index} key is {@code key}: costs what they are, not the world. */
  java.util.Set<String> idsWhere(Table.Index<?> index, String key);

  /** The rows whose {@code index} key is {@code key}. */
  default <T> List<T> rowsWhere(Table.Index<T> index, String key) {
    Map<String, T> rows = rows(index.table());
    List<T> out = new ArrayList<>();
    for (String id : idsWhere(index, key)) out.add(rows.get(id));
    return out;
  }

  /** The ids of the rows of {@code table} that {@code accountId} owns: costs what the account has. */
  default java.util.Set<String> idsOwnedBy(Table<?> table, String accountId) {
    return table.ownerIndex() == null ? java.util.Set.of() : idsWhere(table.ownerIndex(), accountId);
  }

  default <T> Optional<T> get(Table<T> table, String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(rows(table).get(id));
  }

  /** The rows of {@code table} that {@code accountId} owns. */
  default <T> List<T> ownedBy(Table<T> table, String accountId) {
    return table.ownerIndex() == null ? List.of() : rowsWhere(table.ownerIndex(), accountId);
  }
}
