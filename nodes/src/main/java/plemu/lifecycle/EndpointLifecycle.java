package plemu.lifecycle;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import plemu.controlplane.Desired;
import plemu.controlplane.EndpointConnectionActions;
import plemu.controlplane.Mutation;
import plemu.controlplane.WriterProtocol;
import plemu.model.RegionInfo;
import plemu.model.VpcEndpoint;

/**
 * The steps of an endpoint's life that nobody calls an action for, run by the region's node: a
 * {@code pending} endpoint (auto-accepted, or accepted by its provider) becomes {@code available}
 * (or {@code failed}) after the provisioning time, a {@code deleting} one is gone after the same
 * time; a {@code pendingAcceptance} request nobody accepts becomes {@code expired} after the
 * expiry time. Both are writes through the region's writer, so every node
 * sees the same transitions.
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

  private record Due(String key, Mutation step) implements Command {}

  /** The writer's answer to a step; {@code ok} false when it was not confirmed (retried). */
  private record Written(String key, Mutation step, boolean ok, String why) implements Command {}

  private static final Duration RETRY = Duration.ofSeconds(2);

  public static Behavior<Command> create(String nodeName, String region, ActorRef<WriterProtocol.Command> writer,
      Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Set<String> scheduled = new HashSet<>();
      return Behaviors.receive(Command.class)
          .onMessage(StateChanged.class, changed -> {
            Desired state = changed.state();
            RegionInfo info = state.regions().get(region);
            if (info == null || !info.node().equals(nodeName)) return Behaviors.same();
            long now = System.currentTimeMillis();
            Set<String> live = new HashSet<>();
            for (VpcEndpoint e : state.vpcEndpoints().values()) {
              if (!e.region().equals(region)) continue;
              String key = e.vpcEndpointId() + "|" + e.state();
              live.add(key);
              if (scheduled.contains(key)) continue;
              if (e.state().equals("pending")) {
                scheduled.add(key);
                timers.startSingleTimer(key, new Due(key, new EndpointConnectionActions.ProvisionVpcEndpoints(
                    List.of(e.vpcEndpointId()))), settings.provisioningTime());
              } else if (e.state().equals("deleting")) {
                scheduled.add(key);
                timers.startSingleTimer(key, new Due(key, new EndpointConnectionActions.FinishDeletingVpcEndpoints(
                    List.of(e.vpcEndpointId()))), settings.provisioningTime());
              } else if (e.state().equals("pendingAcceptance") && settings.acceptanceExpiry().isPresent()) {
                scheduled.add(key);
                long left = e.createdTime() + settings.acceptanceExpiry().get().toMillis() - now;
                timers.startSingleTimer(key, new Due(key, new EndpointConnectionActions.ExpireVpcEndpoints(
                    List.of(e.vpcEndpointId()))), Duration.ofMillis(Math.max(0, left)));
              }
            }
            // an endpoint that moved on (accepted, rejected, deleted) no longer needs its step
            for (String key : List.copyOf(scheduled))
              if (!live.contains(key)) {
                scheduled.remove(key);
                timers.cancel(key);
              }
            return Behaviors.same();
          })
          .onMessage(Due.class, due -> {
            ctx.ask(WriterProtocol.Reply.class, writer, Duration.ofSeconds(10),
                replyTo -> new WriterProtocol.Apply(due.step(), replyTo),
                (reply, failure) -> reply instanceof WriterProtocol.Accepted
                    ? new Written(due.key(), due.step(), true, null)
                    : new Written(due.key(), due.step(), false, failure != null ? failure.toString()
                        : reply instanceof WriterProtocol.Refused r ? r.error().message() : "no answer"));
            return Behaviors.same();
          })
          .onMessage(Written.class, written -> {
            // not confirmed by a majority (a node is down, the writer moving): try again while it is still due
            if (!written.ok() && scheduled.contains(written.key())) {
              ctx.getLog().info("endpoint lifecycle step {} not written yet ({}); retrying", written.key(), written.why());
              timers.startSingleTimer(written.key(), new Due(written.key(), written.step()), RETRY);
            }
            return Behaviors.same();
          })
          .build();
    }));
  }
}
