package plemu.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import plemu.changelog.FollowerProtocol;
import plemu.changelog.FollowerProtocol.Applied;
import plemu.cluster.MemberIdentity;

/**
 * The version every node has applied, as their state followers tell it each time it grows (on a
 * region node, for its API): a write is applied everywhere once every reachable Up member reported
 * it, with no question sent across the cluster after the write.
 */
public final class AppliedVersions {
  private AppliedVersions() {}

  /** Answer {@code true} once every reachable member applied {@code version}, {@code false} at the timeout. */
  public record AwaitEverywhere(long version, Duration timeout, ActorRef<Boolean> replyTo)
      implements FollowerProtocol.TrackerCommand {}

  /** The version each node reported (node name to version). */
  public record Get(ActorRef<Map<String, Long>> replyTo) implements FollowerProtocol.TrackerCommand {}

  private record MembersChanged() implements FollowerProtocol.TrackerCommand {}

  private record TimedOut(AwaitEverywhere await) implements FollowerProtocol.TrackerCommand {}

  public static Behavior<FollowerProtocol.TrackerCommand> create() {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(FollowerProtocol.TRACKER_KEY, ctx.getSelf()));
      var cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.ClusterDomainEvent.class,
          e -> new MembersChanged()), ClusterEvent.ClusterDomainEvent.class));
      Map<String, Long> applied = new HashMap<>();
      List<AwaitEverywhere> waiting = new ArrayList<>();
      Runnable answer = () -> waiting.removeIf(w -> {
        if (!everywhere(cluster, applied, w.version())) return false;
        w.replyTo().tell(true);
        return true;
      });
      return Behaviors.receive(FollowerProtocol.TrackerCommand.class)
          .onMessage(Applied.class, a -> {
            applied.merge(a.node(), a.version(), Math::max);
            answer.run();
            return Behaviors.same();
          })
          .onMessage(MembersChanged.class, m -> {
            answer.run();
            return Behaviors.same();
          })
          .onMessage(AwaitEverywhere.class, w -> {
            if (everywhere(cluster, applied, w.version())) w.replyTo().tell(true);
            else {
              waiting.add(w);
              timers.startSingleTimer(w, new TimedOut(w), w.timeout());
            }
            return Behaviors.same();
          })
          .onMessage(TimedOut.class, t -> {
            if (waiting.remove(t.await())) t.await().replyTo().tell(false);
            return Behaviors.same();
          })
          .onMessage(Get.class, g -> {
            g.replyTo().tell(Map.copyOf(applied));
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** Every reachable Up member has reported {@code version} or later. */
  private static boolean everywhere(Cluster cluster, Map<String, Long> applied, long version) {
    ClusterEvent.CurrentClusterState state = cluster.state();
    for (Member m : state.getMembers()) {
      if (m.status() != MemberStatus.up() || state.getUnreachable().contains(m)) continue;
      if (applied.getOrDefault(MemberIdentity.nodeName(m), -1L) < version) return false;
    }
    return true;
  }
}
