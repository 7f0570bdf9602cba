package plemu.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;

/**
 * The desired state as state format 8 stored it: one durable {@code LWWMap} per table, key
 * {@code plemu-<table>}, each written whole. Read once by the writer to migrate a data directory of
 * that format into the change log ({@link ControlPlaneWriter}), then emptied.
 */
final class LegacyTables {
  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;

  LegacyTables(ActorSystem<?> system) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
  }

  static Key<LWWMap<String, Object>> key(Table<?> table) {
    return DataKeys.legacyTable(table);
  }

  /** Every table as a majority of nodes holds it (empty when nothing was ever stored this way). */
  CompletionStage<Desired> readMajority(Duration timeout) {
    List<CompletableFuture<Map.Entry<Table<?>, Map<String, Object>>>> reads = new ArrayList<>();
    for (Table<?> table : Table.ALL) reads.add(read(table, timeout).toCompletableFuture());
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
      Map<Table<?>, Map<String, ?>> tables = new HashMap<>();
      reads.forEach(r -> tables.put(r.join().getKey(), r.join().getValue()));
      return Desired.fromTables(tables);
    });
  }

  private CompletionStage<Map.Entry<Table<?>, Map<String, Object>>> read(Table<?> table, Duration timeout) {
    Key<LWWMap<String, Object>> key = key(table);
    CompletionStage<Replicator.GetResponse<LWWMap<String, Object>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(timeout, ReplicatedLog.MIN_COPIES), replyTo),
        timeout.plusSeconds(1), system.scheduler());
    return reply.thenApply(r -> {
      if (r instanceof Replicator.GetSuccess<LWWMap<String, Object>> ok) return Map.entry(table, ok.get(key).getEntries());
      if (r instanceof Replicator.NotFound) return Map.entry(table, Map.of());
      throw new IllegalStateException("reading " + key.id() + " failed: " + r);
    });
  }

  /** Empties every old table (once migrated), with majority consistency. */
  CompletionStage<Void> clear(Duration timeout) {
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (Table<?> table : Table.ALL) {
      Key<LWWMap<String, Object>> key = key(table);
      CompletionStage<Replicator.UpdateResponse<LWWMap<String, Object>>> reply = AskPattern.ask(replicator,
          replyTo -> new Replicator.Update<>(key, LWWMap.create(), new Replicator.WriteMajority(timeout,
              ReplicatedLog.MIN_COPIES), replyTo, map -> {
                LWWMap<String, Object> m = map;
                for (String id : map.getEntries().keySet()) m = m.remove(self, id);
                return m;
              }),
          timeout.plusSeconds(1), system.scheduler());
      writes.add(reply.toCompletableFuture());
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }
}
