package plemu.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * How big this node's replica of the stored desired state is, key by key: what a gossip or a durable
 * write of one key carries, to compare with Artery's frame size (DescribeStateStorage).
 */
public final class StateStorage {
  private StateStorage() {}

  public record Report(int keys, long rows, long bytes, long largestShardBytes, long largestSegmentBytes,
      long maximumFrameSize) {}

  private record Size(long entries, long bytes) {}

  public static CompletionStage<Report> measure(ActorSystem<?> system, Duration timeout) {
    List<CompletableFuture<Size>> shards = new ArrayList<>();
    for (int n = 0; n < ReplicatedLog.SHARDS; n++) shards.add(size(system, ReplicatedLog.shard(n), timeout));
    List<CompletableFuture<Size>> segments = new ArrayList<>();
    for (int n = 0; n < ReplicatedLog.SEGMENTS; n++) segments.add(size(system, ReplicatedLog.segment(n), timeout));
    List<CompletableFuture<Size>> all = new ArrayList<>(shards);
    all.addAll(segments);
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
      long rows = shards.stream().mapToLong(f -> f.join().entries()).sum();
      long bytes = all.stream().mapToLong(f -> f.join().bytes()).sum();
      long shard = shards.stream().mapToLong(f -> f.join().bytes()).max().orElse(0);
      long segment = segments.stream().mapToLong(f -> f.join().bytes()).max().orElse(0);
      long frame = system.settings().config().getBytes("pekko.remote.artery.advanced.maximum-frame-size");
      return new Report(all.size() + 1, rows, bytes, shard, segment, frame);
    });
  }

  private static <V> CompletableFuture<Size> size(ActorSystem<?> system, Key<LWWMap<String, V>> key, Duration timeout) {
    var serialization = SerializationExtension.get(Adapter.toClassic(system));
    CompletionStage<Replicator.GetResponse<LWWMap<String, V>>> reply = AskPattern.ask(
        DistributedData.get(system).replicator(), replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo),
        timeout, system.scheduler());
    return reply.thenApply(r -> {
      if (!(r instanceof Replicator.GetSuccess<LWWMap<String, V>> ok)) return new Size(0, 0);
      LWWMap<String, V> map = ok.get(key);
      return new Size(map.size(), serialization.serialize(map).get().length);
    }).toCompletableFuture();
  }
}
