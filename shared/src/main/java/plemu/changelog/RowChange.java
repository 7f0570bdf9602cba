package plemu.changelog;

import plemu.controlplane.Desired;
import plemu.controlplane.Table;
import plemu.model.KryoSerializable;

/** One row a write put ({@code value}) or removed ({@code value} null), as the log stores it. */
public record RowChange(String table, String id, Object value) implements KryoSerializable {
  public static RowChange of(Desired.Change c) {
    return new RowChange(c.table().name(), c.id(), c.value());
  }

  /** Back to a change of the model; unknown tables (written by a newer plemu) are an error. */
  public Desired.Change toChange() {
    Table<?> t = Table.named(table);
    if (t == null) throw new IllegalStateException("the log names table '" + table + "', which this plemu does not know");
    return new Desired.Change(t, id, value == null ? null : t.cast(value));
  }
}
