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
 * The desired state in Pekko Distributed Data: one durable {@code LWWMap} per {@link Table}, key
 * {@code plemu-<table>}. Reads are local (every node holds a full replica); writes wait for a
 * majority of nodes, so losing any one node loses no acknowledged write.
 */
public final class ReplicatedState {
  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;

  public ReplicatedState(ActorSystem<?> system) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
  }

  /** A write waits for a majority, and never for fewer than two nodes when the cluster has two or more. */
  static final int MIN_COPIES = 2;

  public static Key<LWWMap<String, Object>> key(Table<?> table) {
    return LWWMapKey.create("plemu-" + table.name());
  }

  /** This node's replica of every table. */
  public CompletionStage<Desired> readLocal(Duration timeout) {
    List<CompletableFuture<Map.Entry<Table<?>, Map<String, Object>>>> reads = new ArrayList<>();
    for (Table<?> table : Table.ALL) reads.add(read(table, timeout).toCompletableFuture());
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
      Map<Table<?>, Map<String, ?>> tables = new HashMap<>();
      reads.forEach(r -> tables.put(r.join().getKey(), r.join().getValue()));
      return Desired.fromTables(tables);
    });
  }

  /**
   * Every table as a majority of nodes holds it, merged into this node's replica: after it, the
   * local replica has every write a majority acknowledged (what a new writer needs before its first
   * write, as it may not have been among the nodes that confirmed the last ones).
   */
  public CompletionStage<Void> readMajority(Duration timeout) {
    List<CompletableFuture<?>> reads = new ArrayList<>();
    for (Table<?> table : Table.ALL)
      reads.add(read(table, new Replicator.ReadMajority(timeout, MIN_COPIES), timeout).toCompletableFuture());
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
  }

  private CompletionStage<Map.Entry<Table<?>, Map<String, Object>>> read(Table<?> table, Duration timeout) {
    return read(table, Replicator.readLocal(), timeout);
  }

  private CompletionStage<Map.Entry<Table<?>, Map<String, Object>>> read(Table<?> table,
      Replicator.ReadConsistency consistency, Duration timeout) {
    Key<LWWMap<String, Object>> key = key(table);
    CompletionStage<Replicator.GetResponse<LWWMap<String, Object>>> reply = AskPattern.ask(
        replicator, replyTo -> new Replicator.Get<>(key, consistency, replyTo), timeout.plusSeconds(1),
        system.scheduler());
    return reply.thenApply(r -> {
      if (r instanceof Replicator.GetSuccess<LWWMap<String, Object>> ok) return Map.entry(table, ok.get(key).getEntries());
      if (r instanceof Replicator.NotFound) return Map.entry(table, Map.of());
      throw new IllegalStateException("reading " + key.id() + " failed: " + r);
    });
  }

  /** Writes the changes (one update per table) and completes when a majority of nodes holds each. */
  public CompletionStage<Void> write(List<Desired.Change> changes, Duration timeout) {
    Map<Table<?>, List<Desired.Change>> byTable = new HashMap<>();
    changes.forEach(c -> byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c));
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    byTable.forEach((table, tableChanges) -> writes.add(write(table, tableChanges, timeout).toCompletableFuture()));
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  private CompletionStage<Void> write(Table<?> table, List<Desired.Change> changes, Duration timeout) {
    Key<LWWMap<String, Object>> key = key(table);
    CompletionStage<Replicator.UpdateResponse<LWWMap<String, Object>>> reply = AskPattern.ask(
        replicator,
        replyTo -> new Replicator.Update<>(key, LWWMap.create(), new Replicator.WriteMajority(timeout, MIN_COPIES), replyTo,
            map -> {
              LWWMap<String, Object> m = map;
              for (Desired.Change c : changes) m = c.value() == null ? m.remove(self, c.id()) : m.put(self, c.id(), c.value());
              return m;
            }),
        timeout.plusSeconds(1), system.scheduler());
    return reply.thenAccept(r -> {
      if (!(r instanceof Replicator.UpdateSuccess))
        throw new IllegalStateException("writing " + key.id() + " was not confirmed by a majority: " + r);
    });
  }
}
