package plemu.state;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import plemu.changelog.ChangeLog;
import plemu.changelog.EpochStart;
import plemu.changelog.FollowerProtocol;
import plemu.changelog.LogHead;
import plemu.changelog.LogPart;
import plemu.controlplane.AwsError;
import plemu.controlplane.AwsException;
import plemu.controlplane.Desired;
import plemu.controlplane.IdSource;
import plemu.controlplane.Table;
import plemu.controlplane.WriterProtocol;
import plemu.lifecycle.ConnectionNotifications;
import plemu.lifecycle.LifecycleEvents;
import plemu.lifecycle.LoggedEvent;

/**
 * The single writer of the desired state (a cluster singleton on the region nodes). It holds the
 * state in memory and takes one mutation at a time: applies it to a working copy (a refusal changes
 * nothing), logs exactly the rows it changed as the next version with majority consistency
 * ({@link ReplicatedLog#append}), pushes the write to every node's {@link StateFollower}, and only
 * then replies with the version. A {@link Materializer} stores the rows afterwards. A write's
 * lifecycle events and notification messages go out with it ({@link EventOutbox}).
 *
 * <p>A writer that starts (first start, or after a move) reads the whole state from a majority,
 * takes a new epoch from the next version on (so a half-written write of a writer before it cannot
 * be mistaken for one of its own), and stores the rows of logged writes not stored yet. A data
 * directory of state format 8 is migrated then, once. Mutations meanwhile are refused (503, retry).
 */
public final class ControlPlaneWriter extends AbstractBehavior<WriterProtocol.Command> {
  private record Ready(ReplicatedLog.MajorityRead read, Desired legacy, Throwable failure) implements WriterProtocol.Command {}

  private record Logged(int incarnation, long version, Desired after, List<LogPart> parts, Object result,
      ActorRef<WriterProtocol.Reply> replyTo, Throwable failure) implements WriterProtocol.Command {}

  private record Followers(Receptionist.Listing listing) implements WriterProtocol.Command {}

  private record Stored(Materializer.Materialized done) implements WriterProtocol.Command {}

  private record HeadWritten(Throwable failure) implements WriterProtocol.Command {}

  private enum Retry implements WriterProtocol.Command { INSTANCE }

  private enum Mode { CATCHING_UP, IDLE, WRITING, WAITING_FOR_ROOM }

  private final String region;
  private final Duration timeout;
  private final ReplicatedLog log;
  private final EventOutbox outbox;
  private final IdSource ids = new IdSource(new SecureRandom());
  private final StashBuffer<WriterProtocol.Command> stash;
  private final Set<ActorRef<FollowerProtocol.Command>> followers = new HashSet<>();
  private long lastMillis;
  private long sequence;

  private Mode mode = Mode.CATCHING_UP;
  private Desired state = Desired.empty();
  private EpochStart epoch;
  private long nextSlot;
  private long materializedSlot = -1;
  private ActorRef<Materializer.Command> materializer;
  private int incarnation;
  /** Rows to store once this incarnation's epoch is recorded (logged writes not stored yet, or a migration). */
  private List<Materializer.Materialize> unstored = List.of();
  /** A migration from state format 8 in progress: the old tables are emptied once version 1 is stored. */
  private boolean migrating;

  public static Behavior<WriterProtocol.Command> create(String region, Duration writeTimeout) {
    return Behaviors.setup(ctx -> Behaviors.withStash(10_000, stash -> new ControlPlaneWriter(ctx, stash, region, writeTimeout)));
  }

  private ControlPlaneWriter(ActorContext<WriterProtocol.Command> ctx, StashBuffer<WriterProtocol.Command> stash,
      String region, Duration timeout) {
    super(ctx);
    this.stash = stash;
    this.region = region;
    this.timeout = timeout;
    this.log = new ReplicatedLog(ctx.getSystem());
    this.outbox = new EventOutbox(ctx.getSystem());
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(FollowerProtocol.KEY,
        ctx.messageAdapter(Receptionist.Listing.class, Followers::new)));
    catchUp();
  }

  @Override
  public Receive<WriterProtocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(WriterProtocol.Apply.class, this::onApply)
        .onMessage(Ready.class, this::onReady)
        .onMessage(HeadWritten.class, this::onHeadWritten)
        .onMessage(Logged.class, this::onLogged)
        .onMessage(Stored.class, this::onStored)
        .onMessage(Followers.class, f -> {
          followers.clear();
          followers.addAll(f.listing().getServiceInstances(FollowerProtocol.KEY));
          return this;
        })
        .onMessageEquals(Retry.INSTANCE, () -> {
          catchUp();
          return this;
        })
        .build();
  }

  // ---- catching up -------------------------------------------------------------------------

  private void catchUp() {
    mode = Mode.CATCHING_UP;
    if (materializer != null) getContext().stop(materializer);
    materializer = null;
    LegacyTables legacy = new LegacyTables(getContext().getSystem());
    CompletionStage<ReplicatedLog.MajorityRead> read = log.readMajority(timeout);
    getContext().pipeToSelf(read
            .thenCompose(r -> outbox.newestMillis(region, timeout).thenApply(newest -> {
              lastMillis = Math.max(lastMillis, newest + 1); // after every event id of the writer before
              return r;
            }))
            .thenCompose(r -> neverWritten(r) ? legacy.readMajority(timeout).thenApply(old -> new Ready(r, old, null))
                : CompletableFuture.completedFuture(new Ready(r, null, null))),
        (ready, failure) -> failure == null ? ready : new Ready(null, null, failure));
  }

  private static boolean neverWritten(ReplicatedLog.MajorityRead r) {
    return r.headAfter().epochs().isEmpty() && r.parts().isEmpty() && r.rows().isEmpty();
  }

  private Behavior<WriterProtocol.Command> onReady(Ready ready) {
    if (ready.failure() != null) {
      getContext().getLog().warn("the control-plane writer could not read the state from a majority of nodes ({}); trying again",
          ready.failure().toString());
      getContext().scheduleOnce(Duration.ofSeconds(1), getContext().getSelf(), Retry.INSTANCE);
      return this;
    }
    ReplicatedLog.MajorityRead read = ready.read();
    LogHead head = read.headAfter();
    List<Materializer.Materialize> unstored = new ArrayList<>();
    migrating = ready.legacy() != null && ready.legacy().size() > 0;
    if (migrating) {
      // state format 8: the old tables become version 1, stored as rows before the head says so
      state = ready.legacy().withVersion(1);
      unstored.add(new Materializer.Materialize(1, -1, state.changes(Desired.empty())));
      getContext().getLog().info("migrating {} rows of state format 8 into the change log", state.size());
      nextSlot = 0;
    } else {
      state = StateBootstrap.from(read);
      var writes = ChangeLog.wholeWrites(read.parts(), head);
      writes.subMap(head.materializedVersion(), false, state.version(), true).forEach((v, parts) ->
          unstored.add(new Materializer.Materialize(v, parts.get(parts.size() - 1).slot(), ChangeLog.changesOf(parts))));
      nextSlot = Math.max(head.materializedSlot(), read.parts().stream().mapToLong(LogPart::slot).max().orElse(-1)) + 1;
    }
    materializedSlot = head.materializedSlot();
    for (LogPart p : read.parts()) for (LoggedEvent e : p.events()) lastMillis = Math.max(lastMillis, e.atMillis() + 1);
    epoch = new EpochStart(ids.nextLong() & Long.MAX_VALUE | 1, state.version() + 1);
    LogHead mine = head.withEpoch(epoch);
    incarnation++;
    materializer = getContext().spawn(Materializer.create(log, mine, timeout,
        getContext().messageAdapter(Materializer.Materialized.class, Stored::new)), "materializer-" + incarnation);
    this.unstored = unstored;
    // the epoch first: the materializer's later heads carry it, and none can be overwritten by this one
    getContext().pipeToSelf(log.writeHead(mine, timeout), (ok, failure) -> new HeadWritten(failure));
    return this;
  }

  private Behavior<WriterProtocol.Command> onHeadWritten(HeadWritten written) {
    if (mode != Mode.CATCHING_UP) return this;
    if (written.failure() != null) {
      getContext().getLog().warn("the control-plane writer could not record its epoch ({}); trying again",
          written.failure().toString());
      getContext().scheduleOnce(Duration.ofSeconds(1), getContext().getSelf(), Retry.INSTANCE);
      return this;
    }
    getContext().getLog().info("the control-plane writer is ready at version {} (epoch {})", state.version(), epoch.epoch());
    unstored.forEach(materializer::tell);
    unstored = List.of();
    mode = Mode.IDLE;
    return stash.unstashAll(this);
  }

  // ---- writing -----------------------------------------------------------------------------

  private Behavior<WriterProtocol.Command> onApply(WriterProtocol.Apply apply) {
    switch (mode) {
      case CATCHING_UP -> apply.replyTo().tell(new WriterProtocol.Refused(new AwsError("ServiceUnavailable",
          "The control plane is starting (reading the state from a majority of nodes). Retry the request.", 503)));
      case WRITING, WAITING_FOR_ROOM -> stash.stash(apply);
      case IDLE -> write(apply);
    }
    return this;
  }

  private void write(WriterProtocol.Apply apply) {
    Desired.Builder working = state.toBuilder();
    Object result;
    try {
      result = apply.mutation().apply(working, ids);
    } catch (AwsException refused) {
      apply.replyTo().tell(new WriterProtocol.Refused(refused.error()));
      return;
    } catch (RuntimeException bug) {
      getContext().getLog().error("a mutation failed: {}", apply.mutation().getClass().getSimpleName(), bug);
      apply.replyTo().tell(new WriterProtocol.Refused(new AwsError("InternalError", "The mutation failed: " + bug, 500)));
      return;
    }
    List<Desired.Change> changes = working.changes();
    if (changes.isEmpty()) {
      apply.replyTo().tell(new WriterProtocol.Accepted(result, state.version()));
      return;
    }
    long version = state.version() + 1;
    List<LogPart> parts = ChangeLog.split(epoch.epoch(), version, nextSlot, changes);
    if (parts.size() > ReplicatedLog.WINDOW / 2) {
      apply.replyTo().tell(new WriterProtocol.Refused(AwsError.badRequest("InvalidParameterValue", "The request changes "
          + changes.size() + " resources at once; at most " + ReplicatedLog.WINDOW / 2 * ChangeLog.ROWS_PER_PART
          + " may change in one write. Split it (for example the scenario file).")));
      return;
    }
    long lastSlot = parts.get(parts.size() - 1).slot();
    if (lastSlot - ReplicatedLog.WINDOW > materializedSlot) { // the ring would overwrite writes not stored yet
      mode = Mode.WAITING_FOR_ROOM;
      stash.stash(apply);
      return;
    }
    Desired after = working.build();
    Published published = events(state, after, changes);
    List<LogPart> logged = ChangeLog.split(epoch.epoch(), version, nextSlot, changes, published.events());
    mode = Mode.WRITING;
    CompletionStage<Void> queued = published.deliveries().isEmpty() ? CompletableFuture.completedFuture(null)
        : outbox.publish(region, List.of(), published.deliveries(), lastMillis, timeout);
    getContext().pipeToSelf(log.append(logged, timeout).thenCombine(queued, (a, b) -> b),
        (ok, failure) -> new Logged(incarnation, version, after, logged, result, apply.replyTo(), failure));
  }

  private Behavior<WriterProtocol.Command> onLogged(Logged logged) {
    if (mode != Mode.WRITING || logged.incarnation() != incarnation) return this;
    if (logged.failure() != null) {
      logged.replyTo().tell(new WriterProtocol.Refused(unavailable(logged.failure())));
      // the write may be on some nodes: read the state again (a new epoch settles which writes count)
      getContext().getLog().warn("write {} was not confirmed by a majority ({}); the writer reads the state again",
          logged.version(), logged.failure().toString());
      catchUp();
      return this;
    }
    state = logged.after();
    nextSlot += logged.parts().size();
    for (LogPart part : logged.parts())
      for (ActorRef<FollowerProtocol.Command> f : followers) f.tell(new FollowerProtocol.Committed(part, epoch));
    materializer.tell(new Materializer.Materialize(logged.version(), logged.parts().get(logged.parts().size() - 1).slot(),
        ChangeLog.changesOf(logged.parts())));
    logged.replyTo().tell(new WriterProtocol.Accepted(logged.result(), logged.version()));
    mode = Mode.IDLE;
    return stash.unstashAll(this);
  }

  private Behavior<WriterProtocol.Command> onStored(Stored stored) {
    materializedSlot = Math.max(materializedSlot, stored.done().slot());
    if (migrating && stored.done().version() >= 1) {
      migrating = false;
      new LegacyTables(getContext().getSystem()).clear(timeout).whenComplete((ok, failure) -> {
        if (failure != null) getContext().getSystem().log().warn("the tables of state format 8 could not be emptied: {}", failure);
      });
    }
    if (mode == Mode.WAITING_FOR_ROOM) {
      mode = Mode.IDLE;
      return stash.unstashAll(this);
    }
    return this;
  }

  /** A write's lifecycle events (logged with it) and the notification messages to deliver. */
  private record Published(List<LoggedEvent> events, List<plemu.lifecycle.Delivery> deliveries) {}

  private Published events(Desired before, Desired after, List<Desired.Change> changes) {
    List<String> endpoints = changes.stream().filter(c -> c.table() == Table.VPC_ENDPOINTS).map(Desired.Change::id).toList();
    List<LifecycleEvents.Event> events = LifecycleEvents.between(before, after, endpoints);
    if (events.isEmpty()) return new Published(List.of(), List.of());
    // never before an earlier write's time, even if the clock steps back or the last writer's ran ahead
    lastMillis = Math.max(lastMillis + 1, System.currentTimeMillis());
    Instant now = Instant.ofEpochMilli(lastMillis);
    // sorts after this region's earlier ids; the region keeps ids of writers of several regions apart
    String prefix = String.format(Locale.ROOT, "%013d-%09d-%s", now.toEpochMilli(), ++sequence % 1_000_000_000, region);
    var published = ConnectionNotifications.of(events, before, after, now, prefix, () -> UUID.randomUUID().toString());
    List<LoggedEvent> logged = new ArrayList<>();
    List<LifecycleEvents.Event> all = new ArrayList<>(events);
    all.addAll(published.events());
    for (LifecycleEvents.Event e : all)
      logged.add(new LoggedEvent(String.format(Locale.ROOT, "%s-e%04d", prefix, logged.size()), now.toEpochMilli(), e));
    return new Published(logged, published.deliveries());
  }

  private static AwsError unavailable(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return new AwsError("ServiceUnavailable", "The write could not be confirmed by a majority of nodes in time ("
        + cause.getMessage() + "); it may still be applied. Retry the request.", 503);
  }
}
