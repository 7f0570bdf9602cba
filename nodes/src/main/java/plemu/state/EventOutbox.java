package plemu.state;

import java.time.Duration;
import java.util.List;
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
import plemu.lifecycle.Delivery;
import plemu.lifecycle.LoggedEvent;

/**
 * What the control plane publishes beside the change log, in durable Distributed Data: per region,
 * the outbox of notification messages not yet delivered ({@code plemu-deliveries-<region>}: the
 * writer adds them with the write, the region node's delivery actor updates and removes them), and
 * the log of notifications the delivery gave up ({@code plemu-event-log}, kept for {@link #RETENTION}:
 * the writes' own lifecycle events travel in the change log with their write). Both are written with
 * majority consistency, so neither a node's restart nor a singleton move loses a pending retry.
 */
public final class EventOutbox {
  /** How long logged events stay in the log: far longer than any stream consumer lags. */
  public static final Duration RETENTION = Duration.ofMinutes(5);
  /** And at most this many (the newest), so that the log stays a small replicated value. */
  public static final int MAX_LOGGED = 2_000;

  public static final Key<LWWMap<String, LoggedEvent>> EVENT_LOG = DataKeys.EVENT_LOG;

  public static Key<LWWMap<String, Delivery>> deliveries(String region) {
    return DataKeys.deliveries(region);
  }

  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;

  public EventOutbox(ActorSystem<?> system) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
  }

  /** Logs events (dropping those older than {@link #RETENTION}) and queues deliveries of one region. */
  public CompletionStage<Void> publish(String region, List<LoggedEvent> events, List<Delivery> deliveries,
      long nowMillis, Duration timeout) {
    long oldest = nowMillis - RETENTION.toMillis();
    CompletionStage<Void> log = events.isEmpty() ? CompletableFuture.completedFuture(null)
        : update(EVENT_LOG, map -> {
          LWWMap<String, LoggedEvent> m = map;
          for (LoggedEvent e : events) m = m.put(self, e.id(), e);
          var byAge = new java.util.TreeMap<>(m.getEntries());
          int excess = byAge.size() - MAX_LOGGED;
          for (var e : byAge.entrySet())
            if (excess-- > 0 || e.getValue().atMillis() < oldest) m = m.remove(self, e.getKey());
          return m;
        }, timeout);
    CompletionStage<Void> queued = deliveries.isEmpty() ? CompletableFuture.completedFuture(null)
        : update(deliveries(region), map -> {
          LWWMap<String, Delivery> m = map;
          for (Delivery d : deliveries) m = m.put(self, d.id(), d);
          return m;
        }, timeout);
    return log.thenCombine(queued, (a, b) -> null);
  }

  /**
   * The newest publishing time in the log and the region's outbox, as a majority holds them: a writer
   * starting after a move continues its ids after it, whatever this node's clock says.
   */
  public CompletionStage<Long> newestMillis(String region, Duration timeout) {
    CompletionStage<Long> logged = read(EVENT_LOG, timeout).thenApply(m -> m.values().stream()
        .mapToLong(LoggedEvent::atMillis).max().orElse(0L));
    CompletionStage<Long> queued = read(deliveries(region), timeout).thenApply(m -> m.values().stream()
        .mapToLong(Delivery::publishedMillis).max().orElse(0L));
    return logged.thenCombine(queued, Math::max);
  }

  private <V> CompletionStage<java.util.Map<String, V>> read(Key<LWWMap<String, V>> key, Duration timeout) {
    CompletionStage<Replicator.GetResponse<LWWMap<String, V>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(timeout, ReplicatedLog.MIN_COPIES), replyTo),
        timeout.plusSeconds(1), system.scheduler());
    return reply.thenApply(r -> {
      if (r instanceof Replicator.GetSuccess<LWWMap<String, V>> ok) return ok.get(key).getEntries();
      if (r instanceof Replicator.NotFound) return java.util.Map.of();
      throw new IllegalStateException("reading " + key.id() + " from a majority failed: " + r);
    });
  }

  /** A delivery that succeeded or was given up: out of the outbox. */
  public CompletionStage<Void> remove(String region, String deliveryId, Duration timeout) {
    return update(deliveries(region), map -> map.remove(self, deliveryId), timeout);
  }

  /** A delivery after a failed attempt (only if it is still queued). */
  public CompletionStage<Void> replace(String region, Delivery delivery, Duration timeout) {
    return update(deliveries(region),
        map -> map.contains(delivery.id()) ? map.put(self, delivery.id(), delivery) : map, timeout);
  }

  private <V> CompletionStage<Void> update(Key<LWWMap<String, V>> key, Function<LWWMap<String, V>, LWWMap<String, V>> modify,
      Duration timeout) {
    CompletionStage<Replicator.UpdateResponse<LWWMap<String, V>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Update<>(key, LWWMap.create(),
            new Replicator.WriteMajority(timeout, ReplicatedLog.MIN_COPIES), replyTo, modify::apply),
        timeout.plusSeconds(1), system.scheduler());
    return reply.thenAccept(r -> {
      if (!(r instanceof Replicator.UpdateSuccess))
        throw new IllegalStateException("writing " + key.id() + " was not confirmed by a majority: " + r);
    });
  }
}
