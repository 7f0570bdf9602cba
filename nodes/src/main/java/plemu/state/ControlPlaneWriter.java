package plemu.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.security.SecureRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import plemu.controlplane.AwsError;
import plemu.controlplane.AwsException;
import plemu.controlplane.Desired;
import plemu.controlplane.IdSource;
import plemu.controlplane.WriterProtocol;
import plemu.lifecycle.ConnectionNotifications;
import plemu.lifecycle.LifecycleEvents;
import plemu.lifecycle.LoggedEvent;

/**
 * The single writer of a region's desired state. It takes one mutation at a time: reads the local
 * replica, applies the mutation to a copy (a refusal changes nothing), writes what changed with
 * majority consistency, and only then replies. Runs as a cluster singleton on the region's nodes.
 * As it knows the state before and after each write, it also publishes the write's lifecycle events
 * and notification messages ({@link EventOutbox}): none is lost however fast writes follow each other.
 */
public final class ControlPlaneWriter {
  private ControlPlaneWriter() {}

  private record Finished(WriterProtocol.Reply reply, ActorRef<WriterProtocol.Reply> replyTo)
      implements WriterProtocol.Command {}

  /** What a write needs besides the mutation: where to read and write, and how to name things. */
  private record Context(String region, ReplicatedState state, EventOutbox outbox, IdSource ids, Duration writeTimeout,
      AtomicLong lastMillis, AtomicLong sequence) {}

  public static Behavior<WriterProtocol.Command> create(String region, Duration writeTimeout) {
    return Behaviors.setup(ctx -> Behaviors.withStash(10_000, stash -> {
      Context c = new Context(region, new ReplicatedState(ctx.getSystem()), new EventOutbox(ctx.getSystem()),
          new IdSource(new SecureRandom()), writeTimeout, new AtomicLong(), new AtomicLong());
      return catchingUp(ctx, stash, c);
    }));
  }

  /** The majority read at start finished ({@code failure} null) or not. */
  private record CaughtUp(Throwable failure) implements WriterProtocol.Command {}

  /**
   * Before its first write, a writer (after a singleton move, on another node) brings its replica up
   * to what a majority holds, and continues event ids after the newest published. Mutations that
   * come meanwhile are refused (503, retry) rather than kept: their callers would time out first.
   * Without a majority it tries again each second.
   */
  private static Behavior<WriterProtocol.Command> catchingUp(ActorContext<WriterProtocol.Command> ctx,
      StashBuffer<WriterProtocol.Command> stash, Context c) {
    ctx.pipeToSelf(c.state().readMajority(c.writeTimeout())
            .thenCompose(read -> c.outbox().newestMillis(c.region(), c.writeTimeout()))
            .thenAccept(newest -> c.lastMillis().set(newest + 1)), // after every id of the last writer
        (ok, failure) -> new CaughtUp(failure));
    return Behaviors.withTimers(timers -> Behaviors.receive(WriterProtocol.Command.class)
        .onMessage(CaughtUp.class, done -> {
          if (done.failure() == null) return idle(ctx, stash, c);
          ctx.getLog().warn("the writer of {} could not read the state from a majority of nodes ({}); trying again",
              c.region(), done.failure().toString());
          timers.startSingleTimer(new Retry(), Duration.ofSeconds(1));
          return Behaviors.same();
        })
        .onMessage(Retry.class, retry -> catchingUp(ctx, stash, c))
        .onMessage(WriterProtocol.Apply.class, apply -> {
          apply.replyTo().tell(new WriterProtocol.Refused(new AwsError("ServiceUnavailable", "The control plane of "
              + c.region() + " is starting (reading the state from a majority of nodes). Retry the request.", 503)));
          return Behaviors.same();
        })
        .build());
  }

  private record Retry() implements WriterProtocol.Command {}

  private static Behavior<WriterProtocol.Command> idle(ActorContext<WriterProtocol.Command> ctx,
      StashBuffer<WriterProtocol.Command> stash, Context c) {
    return Behaviors.receive(WriterProtocol.Command.class)
        .onMessage(WriterProtocol.Apply.class, apply -> {
          ctx.pipeToSelf(run(apply, c), (reply, failure) -> new Finished(
              failure == null ? reply : new WriterProtocol.Refused(unavailable(failure)), apply.replyTo()));
          return busy(ctx, stash, c);
        })
        .build();
  }

  private static Behavior<WriterProtocol.Command> busy(ActorContext<WriterProtocol.Command> ctx,
      StashBuffer<WriterProtocol.Command> stash, Context c) {
    return Behaviors.receive(WriterProtocol.Command.class)
        .onMessage(Finished.class, done -> {
          done.replyTo().tell(done.reply());
          return stash.unstashAll(idle(ctx, stash, c));
        })
        .onAnyMessage(other -> {
          stash.stash(other);
          return Behaviors.same();
        })
        .build();
  }

  private static CompletionStage<WriterProtocol.Reply> run(WriterProtocol.Apply apply, Context c) {
    return c.state().readLocal(c.writeTimeout()).thenCompose(before -> {
      Desired.Builder working = before.toBuilder();
      Object result;
      try {
        result = apply.mutation().apply(working, c.ids());
      } catch (AwsException refused) {
        return CompletableFuture.completedFuture(new WriterProtocol.Refused(refused.error()));
      } catch (RuntimeException bug) {
        return CompletableFuture.completedFuture(new WriterProtocol.Refused(
            new AwsError("InternalError", "The mutation failed: " + bug, 500)));
      }
      Desired after = working.build();
      CompletionStage<Void> written = c.state().write(after.changes(before), c.writeTimeout());
      CompletionStage<Void> published = publish(before, after, c);
      return written.thenCombine(published, (a, b) -> new WriterProtocol.Accepted(result));
    });
  }

  /** The write's lifecycle events and notification messages, into the replicated log and outbox. */
  private static CompletionStage<Void> publish(Desired before, Desired after, Context c) {
    List<LifecycleEvents.Event> events = LifecycleEvents.between(before, after);
    if (events.isEmpty()) return CompletableFuture.completedFuture(null);
    // never before an earlier write's time, even if the clock steps back or the last writer's ran ahead
    Instant now = Instant.ofEpochMilli(c.lastMillis().accumulateAndGet(System.currentTimeMillis(), Math::max));
    // sorts after this region's earlier ids; the region keeps ids of writers of several regions apart
    String prefix = String.format(Locale.ROOT, "%013d-%09d-%s", now.toEpochMilli(),
        c.sequence().incrementAndGet() % 1_000_000_000, c.region());
    var published = ConnectionNotifications.of(events, before, after, now, prefix, () -> UUID.randomUUID().toString());
    List<LoggedEvent> logged = new ArrayList<>();
    List<LifecycleEvents.Event> all = new ArrayList<>(events);
    all.addAll(published.events());
    for (LifecycleEvents.Event e : all)
      logged.add(new LoggedEvent(String.format(Locale.ROOT, "%s-e%04d", prefix, logged.size()), now.toEpochMilli(), e));
    return c.outbox().publish(c.region(), logged, published.deliveries(), now.toEpochMilli(), c.writeTimeout());
  }

  private static AwsError unavailable(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    if (cause.getMessage() != null && cause.getMessage().startsWith("reading "))
      return new AwsError("InternalError", "This node's replica of the desired state could not be read ("
          + cause.getMessage() + "); see the node's log.", 500);
    return new AwsError("ServiceUnavailable",
        "The write could not be confirmed by a majority of nodes in time (" + cause.getMessage()
            + "); it may still be applied. Retry the request.", 503);
  }
}
