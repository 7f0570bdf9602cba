package plemu.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import plemu.changelog.LogHead;
import plemu.changelog.RowChange;
import plemu.controlplane.Desired;

/**
 * Stores the rows of logged writes ({@link ReplicatedLog#materialize}), oldest first, in batches,
 * then moves the head's materialized version past them: from then on their log pieces may be
 * overwritten. Runs beside the writer; tells it each version the rows now hold.
 */
final class Materializer {
  private Materializer() {}

  interface Command {}

  /** Write {@code version}'s changes (its last piece at {@code lastSlot}). */
  record Materialize(long version, long lastSlot, List<Desired.Change> changes) implements Command {}

  /** Reported to the writer: every write up to {@code version} is in the stored rows. */
  record Materialized(long version, long slot) {}

  private record Done(long version, long slot, Throwable failure) implements Command {}

  private enum Retry implements Command { INSTANCE }

  static Behavior<Command> create(ReplicatedLog log, LogHead head, Duration timeout, ActorRef<Materialized> reportTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      List<Materialize> pending = new ArrayList<>();
      LogHead[] current = {head};
      boolean[] inFlight = {false};
      Runnable flush = () -> {
        if (inFlight[0] || pending.isEmpty()) return;
        Map<String, RowChange> rows = new LinkedHashMap<>();
        for (Materialize m : pending)
          for (Desired.Change c : m.changes()) rows.put(ReplicatedLog.rowKey(c.table().name(), c.id()), RowChange.of(c));
        Materialize last = pending.get(pending.size() - 1);
        LogHead next = current[0].materialized(last.version(), last.lastSlot());
        inFlight[0] = true;
        ctx.pipeToSelf(log.materialize(rows, timeout).thenCompose(ok -> log.writeHead(next, timeout)),
            (ok, failure) -> new Done(last.version(), last.lastSlot(), failure));
      };
      return Behaviors.receive(Command.class)
          .onMessage(Materialize.class, m -> {
            pending.add(m);
            flush.run();
            return Behaviors.same();
          })
          .onMessage(Done.class, done -> {
            inFlight[0] = false;
            if (done.failure() != null) {
              ctx.getLog().info("storing the rows up to write {} was not confirmed ({}); trying again", done.version(),
                  done.failure().getMessage());
              timers.startSingleTimer(Retry.INSTANCE, Duration.ofSeconds(1));
              return Behaviors.same();
            }
            current[0] = current[0].materialized(done.version(), done.slot());
            pending.removeIf(m -> m.version() <= done.version());
            reportTo.tell(new Materialized(done.version(), done.slot()));
            flush.run();
            return Behaviors.same();
          })
          .onMessageEquals(Retry.INSTANCE, () -> {
            flush.run();
            return Behaviors.same();
          })
          .build();
    }));
  }
}
