package plemu.dataplane;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import org.apache.pekko.stream.javadsl.Sink;
import plemu.dataplane.io.TcpTransport;
import plemu.model.DataPlaneStatus;

/**
 * What every data-plane actor does with its listeners: binds exactly those it is told to serve
 * (retrying a bind that fails, with backoff), answers once they are bound, stops and resumes on
 * demand, and closes every listener and open flow when it stops or fails, so a restart by its
 * supervisor starts clean (no listener or descriptor left behind). The flows themselves run on the
 * zone's data-plane system, never through this actor's messages.
 */
abstract class ListeningEntity extends AbstractBehavior<DataPlaneEntity.Command> {
  record Bound(Binding binding) implements DataPlaneEntity.Command {}

  record BindFailed(Binding binding, Throwable cause) implements DataPlaneEntity.Command {}

  enum RetryBinds implements DataPlaneEntity.Command { INSTANCE }

  private static final Duration RETRY_AFTER = Duration.ofMillis(300);

  private static final int SETTLED_AFTER_FAILED_BINDS = 3;

  protected final String id;
  protected final String networkInterfaceId;
  protected final ZoneGuardian.Context zone;
  private final String kind;
  /** What the last failure was (set by the guardian's interceptor before a restart). */
  private final AtomicReference<String> lastFailure;
  private final Map<Binding, CompletionStage<TcpTransport.Listener>> bound = new HashMap<>();
  private final Map<Binding, Integer> failures = new HashMap<>();
  private final Set<Binding> binding = new HashSet<>();
  private Set<Binding> wanted = Set.of();
  private long wantedVersion = -1;
  private boolean answered = true;
  private String stoppedBecause;

  ListeningEntity(ActorContext<DataPlaneEntity.Command> ctx, String kind, String id, String networkInterfaceId,
      ZoneGuardian.Context zone, AtomicReference<String> lastFailure) {
    super(ctx);
    this.kind = kind;
    this.id = id;
    this.networkInterfaceId = networkInterfaceId;
    this.zone = zone;
    this.lastFailure = lastFailure;
    zone.guardian().tell(new ZoneGuardian.Started(id, ctx.getSelf()));
  }

  /** A new flow on one of this actor's listeners (runs on the data-plane system's threads). */
  protected abstract void handle(TcpTransport.Incoming connection, Binding binding);

  /** Resets this actor's open flows (it stops or fails); returns how many. */
  protected abstract int resetFlows(String why);

  /** It stopped serving ({@link DataPlaneEntity.Stop}). */
  protected void stopped() {}

  /** It serves again ({@link DataPlaneEntity.Resume}). */
  protected void resumed() {}

  /** A listener is bound ({@code up}) or closed. */
  protected void listening(Binding b, boolean up) {}

  /** More messages of a kind of actor. */
  protected ReceiveBuilder<DataPlaneEntity.Command> more(ReceiveBuilder<DataPlaneEntity.Command> builder) {
    return builder;
  }

  @Override
  public Receive<DataPlaneEntity.Command> createReceive() {
    return more(newReceiveBuilder())
        .onMessage(DataPlaneEntity.Serve.class, this::onServe)
        .onMessage(Bound.class, b -> {
          failures.remove(b.binding());
          if (bound.containsKey(b.binding())) listening(b.binding(), true);
          settled(b.binding());
          return this;
        })
        .onMessage(BindFailed.class, this::onBindFailed)
        .onMessageEquals(RetryBinds.INSTANCE, () -> {
          reconcile();
          return this;
        })
        .onMessage(DataPlaneEntity.Stop.class, this::onStop)
        .onMessage(DataPlaneEntity.Resume.class, r -> {
          if (stoppedBecause == null) return this;
          stoppedBecause = null;
          getContext().getLog().info("{} {} serves again", kind, id);
          report("serving", null);
          resumed();
          reconcile();
          return this;
        })
        .onMessage(DataPlaneEntity.Crash.class, c -> {
          throw new DataPlaneEntity.Crashed(c.reason());
        })
        .onMessage(DataPlaneEntity.GetStatus.class, g -> {
          g.replyTo().tell(status(stoppedBecause == null ? "serving" : "stopped", stoppedBecause));
          return this;
        })
        .onMessage(DataPlaneEntity.CloseListeners.class, close -> {
          stoppedBecause = "the node stops";
          List<java.util.concurrent.CompletableFuture<?>> unbound = new java.util.ArrayList<>();
          for (Binding b : List.copyOf(bound.keySet())) {
            unbound.add(bound.get(b).thenCompose(TcpTransport.Listener::unbind).toCompletableFuture().exceptionally(f -> null));
            bound.remove(b);
            listening(b, false);
          }
          java.util.concurrent.CompletableFuture.allOf(unbound.toArray(java.util.concurrent.CompletableFuture[]::new))
              .whenComplete((ok, failure) -> close.replyTo().tell(org.apache.pekko.Done.getInstance()));
          return this;
        })
        .onMessage(DataPlaneEntity.GetListening.class, g -> {
          Set<String> out = new HashSet<>();
          bound.keySet().forEach(b -> out.add(b.address()));
          g.replyTo().tell(out);
          return this;
        })
        .onSignal(PreRestart.class, signal -> {
          String why = Optional.ofNullable(lastFailure.get()).orElse("failed");
          int reset = closeEverything("it failed (" + why + ")");
          getContext().getLog().warn("{} {} failed ({}): listeners closed, {} open flows reset; it restarts after a backoff",
              kind, id, why, reset);
          report("restarting", why);
          return this;
        })
        .onSignal(PostStop.class, signal -> {
          closeEverything(kind + " " + id + " is gone");
          return this;
        })
        .build();
  }

  private Behavior<DataPlaneEntity.Command> onServe(DataPlaneEntity.Serve serve) {
    wanted = serve.bindings();
    wantedVersion = serve.version();
    answered = false;
    if (stoppedBecause == null) reconcile();
    answerIfSettled();
    return this;
  }

  private Behavior<DataPlaneEntity.Command> onStop(DataPlaneEntity.Stop stop) {
    if (stoppedBecause != null) return this;
    stoppedBecause = stop.reason();
    int reset = closeEverything(kind + " " + id + " stopped (" + stop.reason() + ")");
    getContext().getLog().info("{} {} stopped ({}): listeners closed, {} open flows reset", kind, id, stop.reason(), reset);
    report("stopped", stop.reason());
    stopped();
    answerIfSettled();
    return this;
  }

  private void reconcile() {
    for (Binding b : List.copyOf(bound.keySet())) if (!wanted.contains(b)) unbind(b);
    failures.keySet().retainAll(wanted);
    for (Binding b : wanted) if (!bound.containsKey(b)) bind(b);
  }

  private void bind(Binding b) {
    ActorSystem<?> flows = zone.flowSystem();
    CompletionStage<TcpTransport.Listener> listener = zone.tcp()
        .bind(b.host(), b.port(), 1024)
        .to(Sink.foreach(connection -> handle(connection, b)))
        .run(flows);
    bound.put(b, listener);
    binding.add(b);
    beforeBind(b);
    getContext().pipeToSelf(listener, (ok, failure) -> failure == null ? new Bound(b) : new BindFailed(b, failure));
    getContext().getLog().debug("{} {}: listener {} bound", kind, id, b.address());
  }

  /** Just before a listener of this actor binds (an NLB node keeps the port out of its source ports). */
  protected void beforeBind(Binding b) {}

  private void unbind(Binding b) {
    CompletionStage<TcpTransport.Listener> listener = bound.remove(b);
    binding.remove(b);
    if (listener == null) return;
    listener.thenAccept(TcpTransport.Listener::unbind);
    listening(b, false);
  }

  private Behavior<DataPlaneEntity.Command> onBindFailed(BindFailed failed) {
    if (!bound.containsKey(failed.binding())) {
      settled(failed.binding());
      return this;
    }
    bound.remove(failed.binding());
    int n = failures.merge(failed.binding(), 1, Integer::sum);
    // A port an actor of the same resource is still releasing (deleted and created again) binds on
    // the first retries: the version counts as served only then, or once it failed a few times.
    if (n >= SETTLED_AFTER_FAILED_BINDS) settled(failed.binding());
    String why = failed.cause().toString();
    if (n <= 3) getContext().getLog().info("{} {}: listener {} could not bind yet ({}); retrying", kind, id,
        failed.binding().address(), why);
    else getContext().getLog().warn("{} {}: listener {} still cannot bind after {} tries: {}", kind, id,
        failed.binding().address(), n, why);
    // back off: 0.3 s, 0.6 s, 1.2 s ... at most 10 s between tries
    long delay = Math.min(RETRY_AFTER.toMillis() << Math.min(n - 1, 6), 10_000);
    getContext().scheduleOnce(Duration.ofMillis(delay), getContext().getSelf(), RetryBinds.INSTANCE);
    return this;
  }

  private void settled(Binding b) {
    binding.remove(b);
    answerIfSettled();
  }

  /** Tells the guardian the version it was told to serve is served (or could not be, for now). */
  private void answerIfSettled() {
    if (answered || !(binding.isEmpty() || stoppedBecause != null)) return;
    answered = true;
    zone.guardian().tell(new ZoneGuardian.Served(id, wantedVersion));
  }

  private int closeEverything(String why) {
    for (Binding b : List.copyOf(bound.keySet())) unbind(b);
    binding.clear();
    return resetFlows(why);
  }

  private DataPlaneStatus status(String state, String reason) {
    return new DataPlaneStatus(id, kind, networkInterfaceId, zone.zoneId(), state, reason, 0, System.currentTimeMillis());
  }

  private void report(String state, String reason) {
    zone.guardian().tell(new ZoneGuardian.StatusChanged(status(state, reason)));
  }
}
