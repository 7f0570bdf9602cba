package plemu.lifecycle;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import plemu.controlplane.Desired;
import plemu.controlplane.EndpointConnectionActions;
import plemu.controlplane.Mutation;
import plemu.controlplane.Table;
import plemu.controlplane.WriterProtocol;
import plemu.model.RegionInfo;
import plemu.model.VpcEndpoint;

/**
 * The steps of an endpoint's life that nobody calls an action for, run by the region's node: a
 * {@code pending} endpoint (auto-accepted, or accepted by its provider) becomes {@code available}
 * (or {@code failed}) after the provisioning time, a {@code deleting} one is gone after the same
 * time; a {@code pendingAcceptance} request nobody accepts becomes {@code expired} after the
 * expiry time. Both are writes through the writer, so every node sees the same transitions. Steps
 * that fall due together go in one write (one write at a time), and only the endpoints in those
 * states are looked at (through the state index), whatever the world's size.
 */
public final class EndpointLifecycle {
  private EndpointLifecycle() {}

  /** {@code plemu.endpoints}: how long provisioning takes, and when unanswered requests expire ("off": never). */
  public record Settings(Duration provisioningTime, Optional<Duration> acceptanceExpiry) {
    public static Settings fromConfig(Config endpoints) {
      String expiry = endpoints.getString("acceptance-expiry");
      return new Settings(endpoints.getDuration("provisioning-time"),
          expiry.equals("off") ? Optional.empty() : Optional.of(endpoints.getDuration("acceptance-expiry")));
    }
  }

  public interface Command {}

  /** A new snapshot of the desired state. */
  public record StateChanged(Desired state) implements Command {}

  /** The step of one endpoint in one state fell due ({@code key}: id|state). */
  private record Due(String key, Step step, String endpointId) implements Command {}

  /** The writer's answer to a batch of steps; {@code ok} false when it was not confirmed (retried). */
  private record Written(Map<String, Due> batch, boolean ok, String why) implements Command {}

  /** The three steps, each a mutation over the endpoints due. */
  private enum Step {
    PROVISION(EndpointConnectionActions.ProvisionVpcEndpoints::new),
    FINISH_DELETING(EndpointConnectionActions.FinishDeletingVpcEndpoints::new),
    EXPIRE(EndpointConnectionActions.ExpireVpcEndpoints::new);

    final Function<List<String>, Mutation> mutation;

    Step(Function<List<String>, Mutation> mutation) {
      this.mutation = mutation;
    }
  }

  private static final Duration RETRY = Duration.ofSeconds(2);

  public static Behavior<Command> create(String nodeName, String region, ActorRef<WriterProtocol.Command> writer,
      Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Set<String> scheduled = new HashSet<>();
      Map<String, Due> due = new LinkedHashMap<>();
      boolean[] writing = {false};
      Runnable flush = () -> {
        if (writing[0] || due.isEmpty()) return;
        // one write per kind of step, the first kind due first
        Step step = due.values().iterator().next().step();
        Map<String, Due> batch = new LinkedHashMap<>();
        due.forEach((key, d) -> {
          if (d.step() == step) batch.put(key, d);
        });
        batch.keySet().forEach(due::remove);
        writing[0] = true;
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(batch.values().stream().map(Due::endpointId).toList()));
        ctx.ask(WriterProtocol.Reply.class, writer, Duration.ofSeconds(10),
            replyTo -> new WriterProtocol.Apply(step.mutation.apply(ids), replyTo),
            (reply, failure) -> reply instanceof WriterProtocol.Accepted ? new Written(batch, true, null)
                : new Written(batch, false, failure != null ? failure.toString()
                    : reply instanceof WriterProtocol.Refused r ? r.error().message() : "no answer"));
      };
      return Behaviors.receive(Command.class)
          .onMessage(StateChanged.class, changed -> {
            Desired state = changed.state();
            RegionInfo info = state.regions().get(region);
            if (info == null || !info.node().equals(nodeName)) return Behaviors.same();
            long now = System.currentTimeMillis();
            Set<String> live = new HashSet<>();
            schedule(state, region, "pending", Step.PROVISION, e -> settings.provisioningTime(), live, scheduled, timers);
            schedule(state, region, "deleting", Step.FINISH_DELETING, e -> settings.provisioningTime(), live, scheduled,
                timers);
            if (settings.acceptanceExpiry().isPresent())
              schedule(state, region, "pendingAcceptance", Step.EXPIRE, e -> Duration.ofMillis(Math.max(0,
                  e.createdTime() + settings.acceptanceExpiry().get().toMillis() - now)), live, scheduled, timers);
            // an endpoint that moved on (accepted, rejected, deleted) no longer needs its step
            for (String key : List.copyOf(scheduled))
              if (!live.contains(key)) {
                scheduled.remove(key);
                timers.cancel(key);
                due.remove(key);
              }
            return Behaviors.same();
          })
          .onMessage(Due.class, d -> {
            if (scheduled.contains(d.key())) due.put(d.key(), d);
            flush.run();
            return Behaviors.same();
          })
          .onMessage(Written.class, written -> {
            writing[0] = false;
            // not confirmed by a majority (a node is down, the writer moving): try again while still due
            if (!written.ok()) {
              ctx.getLog().info("endpoint lifecycle steps {} not written yet ({}); retrying", written.batch().keySet(),
                  written.why());
              written.batch().forEach((key, d) -> {
                if (scheduled.contains(key)) timers.startSingleTimer(key, d, RETRY);
              });
            }
            flush.run();
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** Schedules the step of every region endpoint in {@code state} (looked up by the state index) not scheduled yet. */
  private static void schedule(Desired desired, String region, String state, Step step,
      Function<VpcEndpoint, Duration> after, Set<String> live, Set<String> scheduled,
      org.apache.pekko.actor.typed.javadsl.TimerScheduler<Command> timers) {
    for (VpcEndpoint e : desired.rowsWhere(Table.VPC_ENDPOINTS_BY_STATE, state)) {
      if (!e.region().equals(region)) continue;
      String key = e.vpcEndpointId() + "|" + e.state();
      live.add(key);
      if (!scheduled.add(key)) continue;
      timers.startSingleTimer(key, new Due(key, step, e.vpcEndpointId()), after.apply(e));
    }
  }
}
