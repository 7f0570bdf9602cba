package plemu.state;

import java.time.Duration;
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

/**
 * The single writer of a region's desired state. It takes one mutation at a time: reads the local
 * replica, applies the mutation to a copy (a refusal changes nothing), writes what changed with
 * majority consistency, and only then replies. Runs as a cluster singleton on the region's nodes.
 */
public final class ControlPlaneWriter {
  private ControlPlaneWriter() {}

  private record Finished(WriterProtocol.Reply reply, ActorRef<WriterProtocol.Reply> replyTo)
      implements WriterProtocol.Command {}

  public static Behavior<WriterProtocol.Command> create(Duration writeTimeout) {
    return Behaviors.setup(ctx -> Behaviors.withStash(10_000, stash -> {
      ReplicatedState state = new ReplicatedState(ctx.getSystem());
      IdSource ids = new IdSource(new SecureRandom());
      return idle(ctx, stash, state, ids, writeTimeout);
    }));
  }

  private static Behavior<WriterProtocol.Command> idle(ActorContext<WriterProtocol.Command> ctx,
      StashBuffer<WriterProtocol.Command> stash, ReplicatedState state, IdSource ids, Duration writeTimeout) {
    return Behaviors.receive(WriterProtocol.Command.class)
        .onMessage(WriterProtocol.Apply.class, apply -> {
          ctx.pipeToSelf(run(apply, state, ids, writeTimeout), (reply, failure) -> new Finished(
              failure == null ? reply : new WriterProtocol.Refused(unavailable(failure)), apply.replyTo()));
          return busy(ctx, stash, state, ids, writeTimeout);
        })
        .build();
  }

  private static Behavior<WriterProtocol.Command> busy(ActorContext<WriterProtocol.Command> ctx,
      StashBuffer<WriterProtocol.Command> stash, ReplicatedState state, IdSource ids, Duration writeTimeout) {
    return Behaviors.receive(WriterProtocol.Command.class)
        .onMessage(Finished.class, done -> {
          done.replyTo().tell(done.reply());
          return stash.unstashAll(idle(ctx, stash, state, ids, writeTimeout));
        })
        .onAnyMessage(other -> {
          stash.stash(other);
          return Behaviors.same();
        })
        .build();
  }

  private static CompletionStage<WriterProtocol.Reply> run(
      WriterProtocol.Apply apply, ReplicatedState state, IdSource ids, Duration writeTimeout) {
    return state.readLocal(writeTimeout).thenCompose(before -> {
      Desired.Builder working = before.toBuilder();
      Object result;
      try {
        result = apply.mutation().apply(working, ids);
      } catch (AwsException refused) {
        return CompletableFuture.completedFuture(new WriterProtocol.Refused(refused.error()));
      } catch (RuntimeException bug) {
        return CompletableFuture.completedFuture(new WriterProtocol.Refused(
            new AwsError("InternalError", "The mutation failed: " + bug, 500)));
      }
      var changes = working.build().changes(before);
      return state.write(changes, writeTimeout).thenApply(ignored -> new WriterProtocol.Accepted(result));
    });
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
