package plemu.state;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;

/**
 * Follows this node's replica of the desired state and sends every new snapshot to a subscriber:
 * the way AZ nodes learn what to run (reconcilers), without asking anyone.
 */
public final class DesiredStateFeed {
  private DesiredStateFeed() {}

  public interface Command {}

  /** A change of one table's key (the adapter is one per response class, so the key says which table). */
  private record TableChanged(Replicator.SubscribeResponse<LWWMap<String, Object>> response) implements Command {}

  /** Sends {@code wrap(snapshot)} to {@code subscriber} on every change. */
  public static <T> Behavior<Command> create(ActorRef<T> subscriber, java.util.function.Function<Desired, T> wrap) {
    return Behaviors.setup(ctx -> DistributedData.withReplicatorMessageAdapter(
        (ReplicatorMessageAdapter<Command, LWWMap<String, Object>> replicator) -> {
          Map<Table<?>, Map<String, ?>> tables = new HashMap<>();
          Map<String, Table<?>> byKey = new HashMap<>();
          for (Table<?> table : Table.ALL) {
            byKey.put(ReplicatedState.key(table).id(), table);
            replicator.subscribe(ReplicatedState.key(table), TableChanged::new);
          }
          return Behaviors.receive(Command.class)
              .onMessage(TableChanged.class, changed -> {
                Table<?> table = byKey.get(changed.response().key().id());
                if (table == null) return Behaviors.same();
                if (changed.response() instanceof Replicator.Changed<LWWMap<String, Object>> c)
                  tables.put(table, c.get(c.key()).getEntries());
                else tables.remove(table);
                subscriber.tell(wrap.apply(Desired.fromTables(tables)));
                return Behaviors.same();
              })
              .build();
        }));
  }
}
