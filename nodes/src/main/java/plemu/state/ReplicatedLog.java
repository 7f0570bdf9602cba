package plemu.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import plemu.changelog.LogHead;
import plemu.changelog.LogPart;
import plemu.changelog.RowChange;

/**
 * The desired state in Pekko Distributed Data, in three kinds of durable keys:
 * <ul>
 *   <li>the change log, a ring of {@link #SEGMENTS} keys {@code plemu-log-<n>}: log slot {@code s} is
 *       in segment {@code s % SEGMENTS}, which keeps its last {@link #SLOTS_PER_SEGMENT} slots, so
 *       the log holds the last {@link #WINDOW} pieces of writes;</li>
 *   <li>the stored rows, {@link #SHARDS} keys {@code plemu-rows-<n>} (a row by table and id, in the
 *       shard its hash picks): every write up to the head's materialized version;</li>
 *   <li>the head, {@code plemu-log-head}: how far the rows are, and which writer owns which versions.</li>
 * </ul>
 * Every key stays small whatever the world's size, so a write updates (and gossips, and stores) a
 * few small values; all writes wait for a majority of nodes.
 */
public final class ReplicatedLog {
  public static final int SEGMENTS = 256;
  public static final int SLOTS_PER_SEGMENT = 2;
  public static final long WINDOW = (long) SEGMENTS * SLOTS_PER_SEGMENT;
  public static final int SHARDS = 512;

  public static final Key<LWWMap<String, LogHead>> HEAD = DataKeys.LOG_HEAD;
  private static final String HEAD_ENTRY = "head";

  /** A write waits for a majority, and never for fewer than two nodes when the cluster has two or more. */
  static final int MIN_COPIES = 2;

  public static Key<LWWMap<String, LogPart>> segment(int n) {
    return DataKeys.logSegment(n);
  }

  public static int segmentOf(long slot) {
    return (int) (slot % SEGMENTS);
  }

  public static Key<LWWMap<String, Object>> shard(int n) {
    return DataKeys.rowShard(n);
  }

  /** The key of a row inside its shard: {@code <table>/<id>} (table names hold no '/'). */
  static String rowKey(String table, String id) {
    return table + "/" + id;
  }

  static int shardOf(String rowKey) {
    return Math.floorMod(rowKey.hashCode(), SHARDS);
  }

  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;

  public ReplicatedLog(ActorSystem<?> system) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
  }

  /** Writes the pieces of one write into their segments, each dropping the slot {@link #WINDOW} before. */
  public CompletionStage<Void> append(List<LogPart> parts, Duration timeout) {
    Map<Integer, List<LogPart>> bySegment = new HashMap<>();
    for (LogPart p : parts) bySegment.computeIfAbsent(segmentOf(p.slot()), s -> new ArrayList<>()).add(p);
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    bySegment.forEach((n, pieces) -> writes.add(update(segment(n), map -> {
      LWWMap<String, LogPart> m = map;
      for (LogPart p : pieces) {
        for (String old : m.getEntries().keySet())
          if (Long.parseLong(old) <= p.slot() - WINDOW || Long.parseLong(old) == p.slot()) m = m.remove(self, old);
        m = m.put(self, Long.toString(p.slot()), p);
      }
      return m;
    }, timeout).toCompletableFuture()));
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /** Puts (or removes) rows in the stored rows, shard by shard. */
  public CompletionStage<Void> materialize(Map<String, RowChange> rows, Duration timeout) {
    Map<Integer, List<Map.Entry<String, RowChange>>> byShard = new HashMap<>();
    for (var e : rows.entrySet()) byShard.computeIfAbsent(shardOf(e.getKey()), s -> new ArrayList<>()).add(e);
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    byShard.forEach((n, changes) -> writes.add(update(shard(n), map -> {
      LWWMap<String, Object> m = map;
      for (var e : changes) m = e.getValue().value() == null ? m.remove(self, e.getKey()) : m.put(self, e.getKey(), e.getValue().value());
      return m;
    }, timeout).toCompletableFuture()));
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  public CompletionStage<Void> writeHead(LogHead head, Duration timeout) {
    return update(HEAD, map -> map.put(self, HEAD_ENTRY, head), timeout);
  }

  /** What a majority of nodes holds of the log, read in the order that makes it whole (see {@link StateBootstrap}). */
  public record MajorityRead(LogHead headBefore, Map<String, Object> rows, List<LogPart> parts, LogHead headAfter) {}

  public CompletionStage<MajorityRead> readMajority(Duration timeout) {
    return readHead(timeout).thenCompose(before -> readRows(timeout)
        .thenCompose(rows -> readParts(timeout)
            .thenCompose(parts -> readHead(timeout).thenApply(after -> new MajorityRead(before, rows, parts, after)))));
  }

  public CompletionStage<LogHead> readHead(Duration timeout) {
    return read(HEAD, timeout).thenApply(m -> m.getOrDefault(HEAD_ENTRY, LogHead.empty()));
  }

  private CompletionStage<Map<String, Object>> readRows(Duration timeout) {
    List<CompletableFuture<Map<String, Object>>> reads = new ArrayList<>();
    for (int n = 0; n < SHARDS; n++) reads.add(read(shard(n), timeout).toCompletableFuture());
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ok -> {
      Map<String, Object> all = new HashMap<>();
      reads.forEach(r -> all.putAll(r.join()));
      return all;
    });
  }

  private CompletionStage<List<LogPart>> readParts(Duration timeout) {
    List<CompletableFuture<Map<String, LogPart>>> reads = new ArrayList<>();
    for (int n = 0; n < SEGMENTS; n++) reads.add(read(segment(n), timeout).toCompletableFuture());
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ok -> {
      List<LogPart> all = new ArrayList<>();
      reads.forEach(r -> all.addAll(r.join().values()));
      return all;
    });
  }

  private <V> CompletionStage<Map<String, V>> read(Key<LWWMap<String, V>> key, Duration timeout) {
    CompletionStage<Replicator.GetResponse<LWWMap<String, V>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(timeout, MIN_COPIES), replyTo),
        timeout.plusSeconds(1), system.scheduler());
    return reply.thenApply(r -> {
      if (r instanceof Replicator.GetSuccess<LWWMap<String, V>> ok) return ok.get(key).getEntries();
      if (r instanceof Replicator.NotFound) return Map.of();
      throw new IllegalStateException("reading " + key.id() + " from a majority failed: " + r);
    });
  }

  private <V> CompletionStage<Void> update(Key<LWWMap<String, V>> key,
      Function<LWWMap<String, V>, LWWMap<String, V>> modify, Duration timeout) {
    CompletionStage<Replicator.UpdateResponse<LWWMap<String, V>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Update<>(key, LWWMap.create(), new Replicator.WriteMajority(timeout, MIN_COPIES),
            replyTo, modify::apply),
        timeout.plusSeconds(1), system.scheduler());
    return reply.thenAccept(r -> {
      if (!(r instanceof Replicator.UpdateSuccess))
        throw new IllegalStateException("writing " + key.id() + " was not confirmed by a majority: " + r);
    });
  }
}
