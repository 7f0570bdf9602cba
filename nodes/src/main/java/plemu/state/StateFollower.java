package plemu.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import plemu.changelog.ChangeLog;
import plemu.changelog.EpochStart;
import plemu.changelog.LogHead;
import plemu.changelog.LogPart;
import plemu.controlplane.Desired;
import plemu.lifecycle.LoggedEvent;
import plemu.changelog.FollowerProtocol;
import plemu.changelog.FollowerProtocol.Applied;
import plemu.changelog.FollowerProtocol.AwaitApplied;
import plemu.changelog.FollowerProtocol.Committed;
import plemu.changelog.FollowerProtocol.GetApplied;

/**
 * Follows the control-plane writer on one node: applies every write whole and in version order to
 * the node's {@link LocalState}, and hands each new snapshot to the node's subscribers (the data
 * plane, the resolvers, ...). Writes come pushed by the writer as soon as a majority holds them; the
 * replicated log ({@link ReplicatedLog}) fills any gap; a node that starts, or falls behind the log,
 * reads the whole state from a majority ({@link StateBootstrap}). A write is "applied" on this node
 * once every acknowledging subscriber has taken it (an AZ node's data plane: its listeners bound),
 * which is what {@link AwaitApplied} waits for.
 */
public final class StateFollower extends AbstractBehavior<FollowerProtocol.Command> {
  /** The follower's messages: {@link FollowerProtocol}'s, and these from its own node. */
  public interface Command extends FollowerProtocol.Command {}

  /**
   * Send {@code wrap(snapshot)} to {@code subscriber} now and on every change; a subscriber that
   * {@code acknowledges} tells {@link Ack} once it has acted on a snapshot.
   */
  public record Subscribe<T>(ActorRef<T> subscriber, Function<Desired, T> wrap, boolean acknowledges) implements Command {}

  /** Like {@link Subscribe}, with what changed since the snapshot sent before ({@link Update}). */
  public record SubscribeUpdates<T>(ActorRef<T> subscriber, Function<Update, T> wrap, boolean acknowledges)
      implements Command {}

  /**
   * A new snapshot and the rows that changed since the one sent before (a row may appear more than
   * once, the last change counts); {@code whole}: anything may have changed (the state was read
   * again), so look at all of it.
   */
  public record Update(Desired state, List<Desired.Change> changes, boolean whole) {}

  public record Ack(ActorRef<?> subscriber, long version) implements Command {}

  /** Send the lifecycle events of every write this node applies from now on, in version order. */
  public record SubscribeEvents(ActorRef<WriteEvents> subscriber) implements Command {}

  /** The lifecycle events of the writes just applied, in the order they were logged. */
  public record WriteEvents(List<LoggedEvent> events) {}

  private record Bootstrapped(Desired state, LogHead head, Throwable failure) implements Command {}

  private record SegmentChanged(Replicator.SubscribeResponse<LWWMap<String, LogPart>> response) implements Command {}

  private record HeadChanged(Replicator.SubscribeResponse<LWWMap<String, LogHead>> response) implements Command {}

  private enum Check implements Command { INSTANCE }

  private record Trackers(Receptionist.Listing listing) implements Command {}

  private enum Rebootstrap implements Command { INSTANCE }

  private static final Duration GAP_PATIENCE = Duration.ofSeconds(1);

  private final String nodeName;
  private final ReplicatedLog log;
  private final LocalState local;
  private final Duration timeout;
  private final TimerScheduler<FollowerProtocol.Command> timers;
  private final List<Subscription<?>> subscribers = new ArrayList<>();
  private final List<ActorRef<WriteEvents>> eventSubscribers = new ArrayList<>();
  private final Map<ActorRef<?>, Long> acks = new HashMap<>();
  /** Questions not answered yet, with when they came (one older than a minute is dropped: its asker gave up). */
  private final java.util.LinkedHashMap<AwaitApplied, Long> waiters = new java.util.LinkedHashMap<>();
  /** Pieces not applied yet, by "slot:epoch". */
  private final Map<String, LogPart> pending = new HashMap<>();
  /** The epoch each recently applied version came from (to notice a write that a new writer replaced). */
  private final LinkedHashMap<Long, Long> appliedEpochs = new LinkedHashMap<>();
  private LogHead head = LogHead.empty();
  private boolean bootstrapping;
  /** The API nodes' trackers of applied versions, told each time this node's applied version grows. */
  private final java.util.Set<ActorRef<FollowerProtocol.TrackerCommand>> trackers = new java.util.HashSet<>();
  private long reported = -1;

  private record Subscription<T>(ActorRef<T> ref, Function<Update, T> wrap, boolean acknowledges) {
    void tell(Update update) {
      ref.tell(wrap.apply(update));
    }
  }

  public static Behavior<FollowerProtocol.Command> create(String nodeName, LocalState local, Duration timeout) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new StateFollower(ctx, timers, nodeName, local, timeout)));
  }

  private StateFollower(ActorContext<FollowerProtocol.Command> ctx, TimerScheduler<FollowerProtocol.Command> timers,
      String nodeName, LocalState local,
      Duration timeout) {
    super(ctx);
    this.timers = timers;
    this.nodeName = nodeName;
    this.local = local;
    this.timeout = timeout;
    this.log = new ReplicatedLog(ctx.getSystem());
    ctx.getSystem().receptionist().tell(Receptionist.register(FollowerProtocol.KEY, ctx.getSelf()));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(FollowerProtocol.TRACKER_KEY,
        ctx.messageAdapter(Receptionist.Listing.class, Trackers::new)));
    var replicator = DistributedData.get(ctx.getSystem()).replicator();
    var segments = ctx.messageAdapter(Replicator.SubscribeResponse.class, r -> new SegmentChanged(cast(r)));
    for (int n = 0; n < ReplicatedLog.SEGMENTS; n++) replicator.tell(new Replicator.Subscribe<>(ReplicatedLog.segment(n), cast(segments)));
    var heads = ctx.messageAdapter(Replicator.SubscribeResponse.class, r -> new HeadChanged(cast(r)));
    replicator.tell(new Replicator.Subscribe<>(ReplicatedLog.HEAD, cast(heads)));
    bootstrap();
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  @Override
  public Receive<FollowerProtocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Committed.class, this::onCommitted)
        .onMessage(SegmentChanged.class, this::onSegmentChanged)
        .onMessage(HeadChanged.class, this::onHeadChanged)
        .onMessage(Bootstrapped.class, this::onBootstrapped)
        .onMessage(Subscribe.class, s -> onSubscribeSnapshots((Subscribe<?>) s))
        .onMessage(SubscribeUpdates.class, s -> onSubscribe((SubscribeUpdates<?>) s))
        .onMessage(Ack.class, this::onAck)
        .onMessage(SubscribeEvents.class, s -> {
          eventSubscribers.add(s.subscriber());
          return this;
        })
        .onMessage(AwaitApplied.class, this::onAwaitApplied)
        .onMessage(Trackers.class, t -> {
          trackers.clear();
          trackers.addAll(t.listing().getServiceInstances(FollowerProtocol.TRACKER_KEY));
          reported = -1; // tell the new ones too
          answerWaiters();
          return this;
        })
        .onMessage(GetApplied.class, get -> {
          get.replyTo().tell(new Applied(nodeName, applied()));
          return this;
        })
        .onMessageEquals(Check.INSTANCE, this::onCheck)
        .onMessageEquals(Rebootstrap.INSTANCE, () -> {
          bootstrap();
          return this;
        })
        .build();
  }

  private void bootstrap() {
    if (bootstrapping) return;
    bootstrapping = true;
    getContext().pipeToSelf(log.readMajority(timeout),
        (read, failure) -> failure != null ? new Bootstrapped(null, null, failure)
            : new Bootstrapped(StateBootstrap.from(read), read.headAfter(), null));
  }

  private Behavior<FollowerProtocol.Command> onBootstrapped(Bootstrapped done) {
    bootstrapping = false;
    if (done.failure() != null) {
      getContext().getLog().info("node {} could not read the desired state from a majority yet ({}); trying again",
          nodeName, done.failure().getMessage());
      timers.startSingleTimer(Rebootstrap.INSTANCE, Duration.ofSeconds(1));
      return this;
    }
    head = done.head();
    appliedEpochs.clear();
    getContext().getLog().debug("node {} read the desired state at version {} ({} rows)", nodeName,
        done.state().version(), done.state().size());
    publish(new Update(done.state(), List.of(), true));
    return applyReady();
  }

  private Behavior<FollowerProtocol.Command> onCommitted(Committed c) {
    learnEpoch(c.epoch());
    addPiece(c.part());
    return applyReady();
  }

  private Behavior<FollowerProtocol.Command> onSegmentChanged(SegmentChanged changed) {
    if (changed.response() instanceof Replicator.Changed<LWWMap<String, LogPart>> c)
      c.get(c.key()).getEntries().values().forEach(this::addPiece);
    return applyReady();
  }

  private Behavior<FollowerProtocol.Command> onHeadChanged(HeadChanged changed) {
    if (changed.response() instanceof Replicator.Changed<LWWMap<String, LogHead>> c) {
      LogHead h = c.get(c.key()).getEntries().get("head");
      if (h != null) {
        h.epochs().forEach(this::learnEpoch);
        if (h.materializedVersion() > head.materializedVersion()) head = head.materialized(h.materializedVersion(), h.materializedSlot());
      }
    }
    return applyReady();
  }

  /** A writer epoch: a version this node applied from another epoch was replaced, so read the state again. */
  private void learnEpoch(EpochStart start) {
    if (head.epochs().contains(start)) return;
    head = head.withEpoch(start);
    for (var e : appliedEpochs.entrySet())
      if (e.getKey() >= start.firstVersion() && e.getValue() != head.epochOf(e.getKey())) {
        getContext().getLog().warn("node {}: write {} was replaced by a new writer; reading the state again", nodeName, e.getKey());
        appliedEpochs.clear();
        bootstrap();
        return;
      }
  }

  private void addPiece(LogPart p) {
    if (p.version() > local.current().version() || bootstrapping) pending.put(p.slot() + ":" + p.epoch(), p);
  }

  private Behavior<FollowerProtocol.Command> applyReady() {
    if (bootstrapping || !local.loaded()) return this;
    Desired state = local.current();
    TreeMap<Long, List<LogPart>> writes = ChangeLog.wholeWrites(pending.values(), head);
    long before = state.version();
    List<LoggedEvent> events = new ArrayList<>();
    List<Desired.Change> changes = new ArrayList<>();
    for (long v = state.version() + 1; writes.containsKey(v); v++) {
      List<Desired.Change> written = ChangeLog.changesOf(writes.get(v));
      state = state.apply(written, v);
      changes.addAll(written);
      appliedEpochs.put(v, writes.get(v).get(0).epoch());
      events.addAll(ChangeLog.eventsOf(writes.get(v)));
    }
    while (appliedEpochs.size() > 2 * ReplicatedLog.WINDOW) appliedEpochs.remove(appliedEpochs.keySet().iterator().next());
    long now = state.version();
    pending.values().removeIf(p -> p.version() <= now);
    if (now != before) publish(new Update(state, changes, false));
    if (!events.isEmpty()) for (ActorRef<WriteEvents> e : eventSubscribers) e.tell(new WriteEvents(List.copyOf(events)));
    boolean behind = !pending.isEmpty() || head.materializedVersion() > now;
    if (behind && !timers.isTimerActive(Check.INSTANCE)) timers.startSingleTimer(Check.INSTANCE, GAP_PATIENCE);
    return this;
  }

  /** Still missing a write after a while (it left the log, or came only as stored rows): read the state again. */
  private Behavior<FollowerProtocol.Command> onCheck() {
    long now = local.current().version();
    boolean gap = pending.values().stream().anyMatch(p -> p.version() > now) || head.materializedVersion() > now;
    if (gap && !bootstrapping) {
      getContext().getLog().info("node {} is missing write {}; reading the state from a majority", nodeName, now + 1);
      bootstrap();
    }
    return this;
  }

  private void publish(Update update) {
    local.set(update.state());
    for (Subscription<?> s : subscribers) s.tell(update);
    answerWaiters();
  }

  private <T> Behavior<FollowerProtocol.Command> onSubscribeSnapshots(Subscribe<T> s) {
    Function<Desired, T> wrap = s.wrap();
    return onSubscribe(new SubscribeUpdates<T>(s.subscriber(), u -> wrap.apply(u.state()), s.acknowledges()));
  }

  private Behavior<FollowerProtocol.Command> onSubscribe(SubscribeUpdates<?> s) {
    Subscription<?> sub = new Subscription<>(s.subscriber(), cast(s.wrap()), s.acknowledges());
    subscribers.add(sub);
    if (s.acknowledges()) acks.put(s.subscriber(), 0L);
    getContext().watchWith(s.subscriber(), new Ack(s.subscriber(), Long.MAX_VALUE));
    if (local.loaded()) sub.tell(new Update(local.current(), List.of(), true));
    return this;
  }

  private Behavior<FollowerProtocol.Command> onAck(Ack ack) {
    if (ack.version() == Long.MAX_VALUE) { // the subscriber stopped
      acks.remove(ack.subscriber());
      subscribers.removeIf(s -> s.ref().equals(ack.subscriber()));
    } else if (acks.containsKey(ack.subscriber())) acks.merge(ack.subscriber(), ack.version(), Math::max);
    answerWaiters();
    return this;
  }

  /** The newest version this node has applied and every acknowledging subscriber has taken. */
  private long applied() {
    if (!local.loaded()) return 0;
    long v = local.current().version();
    for (long a : acks.values()) v = Math.min(v, a);
    return v;
  }

  private Behavior<FollowerProtocol.Command> onAwaitApplied(AwaitApplied await) {
    waiters.put(await, System.nanoTime());
    answerWaiters();
    return this;
  }

  private void answerWaiters() {
    long v = applied();
    if (v > reported && local.loaded()) {
      reported = v;
      Applied a = new Applied(nodeName, v);
      for (ActorRef<FollowerProtocol.TrackerCommand> t : trackers) t.tell(a);
    }
    long stale = System.nanoTime() - 60_000_000_000L;
    waiters.entrySet().removeIf(e -> {
      if (e.getKey().version() > v) return e.getValue() < stale;
      e.getKey().replyTo().tell(new Applied(nodeName, v));
      return true;
    });
  }
}
