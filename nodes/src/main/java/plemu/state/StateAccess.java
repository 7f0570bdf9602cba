package plemu.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import plemu.changelog.FollowerProtocol;
import plemu.controlplane.Desired;

/**
 * How a node's API reads the desired state and waits for its writes: the node's own snapshot
 * ({@link LocalState}), and the versions the other nodes applied (their {@link StateFollower}s).
 */
public final class StateAccess {
  private final ActorSystem<?> system;
  private final LocalState local;
  /** This node's tracker of what every node applied (region nodes; null on AZ nodes). */
  private final ActorRef<FollowerProtocol.TrackerCommand> tracker;

  public StateAccess(ActorSystem<?> system, LocalState local, ActorRef<FollowerProtocol.TrackerCommand> tracker) {
    this.system = system;
    this.local = local;
    this.tracker = tracker;
  }

  public Desired current() {
    return local.current();
  }

  public boolean loaded() {
    return local.loaded();
  }

  /** This node's snapshot once it holds {@code version}. */
  public CompletionStage<Desired> atLeast(long version) {
    return local.atLeast(version);
  }

  /**
   * Completes once every reachable node has applied {@code version} (true), or when {@code timeout}
   * passed first (false): an AZ node has applied a write when its data plane serves it.
   */
  public CompletionStage<Boolean> appliedEverywhere(long version, Duration timeout) {
    return AskPattern.<FollowerProtocol.TrackerCommand, Boolean>ask(tracker,
        replyTo -> new AppliedVersions.AwaitEverywhere(version, timeout, replyTo), timeout.plusSeconds(1),
        system.scheduler());
  }

  /** The version each reachable node has applied (node name to version), as far as they answer in time. */
  public static CompletionStage<Map<String, Long>> appliedVersions(ActorSystem<?> system, Duration timeout) {
    return followers(system, timeout).thenCompose(refs -> {
      List<CompletableFuture<FollowerProtocol.Applied>> asks = new ArrayList<>();
      for (ActorRef<FollowerProtocol.Command> f : refs)
        asks.add(AskPattern.<FollowerProtocol.Command, FollowerProtocol.Applied>ask(f, FollowerProtocol.GetApplied::new, timeout,
            system.scheduler()).toCompletableFuture().exceptionally(failure -> null));
      return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(ok -> {
        Map<String, Long> out = new TreeMap<>();
        asks.stream().map(CompletableFuture::join).filter(a -> a != null).forEach(a -> out.put(a.node(), a.version()));
        return out;
      });
    });
  }

  /** The followers of the reachable members (a node that is unreachable is not waited for). */
  private static CompletionStage<Set<ActorRef<FollowerProtocol.Command>>> followers(ActorSystem<?> system,
      Duration timeout) {
    Set<Address> unreachable = Cluster.get(system).state().getUnreachable().stream().map(Member::address)
        .collect(Collectors.toSet());
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            replyTo -> Receptionist.find(FollowerProtocol.KEY, replyTo), timeout, system.scheduler())
        .thenApply(listing -> listing.getServiceInstances(FollowerProtocol.KEY).stream()
            .filter(ref -> !unreachable.contains(ref.path().address().hasLocalScope()
                ? Cluster.get(system).selfMember().address() : ref.path().address()))
            .collect(Collectors.toSet()));
  }
}
