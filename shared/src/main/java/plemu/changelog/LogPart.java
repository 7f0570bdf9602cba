package plemu.changelog;

import java.util.List;
import plemu.lifecycle.LoggedEvent;
import plemu.model.KryoSerializable;

/**
 * A piece of one write in the replicated log: write {@code version} of the writer incarnation
 * {@code epoch}, piece {@code part} of {@code parts}, stored at log position {@code slot} (the
 * pieces of a write take consecutive slots). A write is applied only once all its pieces are here.
 * The first piece carries the write's lifecycle events, so every node learns them with the write,
 * in version order.
 */
public record LogPart(long epoch, long version, int part, int parts, long slot, List<RowChange> changes,
    List<LoggedEvent> events) implements KryoSerializable {
  public LogPart {
    changes = List.copyOf(changes);
    events = events == null ? List.of() : List.copyOf(events);
  }
}
