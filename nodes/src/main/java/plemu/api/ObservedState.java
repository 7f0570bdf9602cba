package plemu.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.ReplicatedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * What the nodes publish as observed state (target health, refused flows), read from this node's
 * replica: one value per key, absent when nothing was published under it yet.
 */
final class ObservedState {
  private ObservedState() {}

  static <T extends ReplicatedData> CompletionStage<List<T>> readLocal(ActorSystem<?> system, List<Key<T>> keys) {
    var replicator = DistributedData.get(system).replicator();
    List<CompletableFuture<Optional<T>>> reads = new ArrayList<>();
    for (Key<T> key : keys) {
      CompletionStage<Replicator.GetResponse<T>> reply = AskPattern.ask(replicator,
          replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo), Duration.ofSeconds(3), system.scheduler());
      reads.add(reply.thenApply(r -> r instanceof Replicator.GetSuccess<T> ok ? Optional.of(ok.get(key))
          : Optional.<T>empty()).toCompletableFuture());
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<T> out = new ArrayList<>();
      reads.forEach(r -> r.join().ifPresent(out::add));
      return out;
    });
  }
}
