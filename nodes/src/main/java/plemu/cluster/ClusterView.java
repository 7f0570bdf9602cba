package plemu.cluster;

import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import plemu.model.RegionInfo;

/** This node's current view of cluster membership, in plemu's terms. */
public final class ClusterView {
  private final ClusterEvent.CurrentClusterState state;

  public ClusterView(ActorSystem<?> system) {
    this.state = Cluster.get(system).state();
  }

  public Iterable<Member> members() {
    return state.getMembers();
  }

  public boolean isReachable(Member m) {
    return !state.getUnreachable().contains(m);
  }

  public Optional<String> leader() {
    return Optional.ofNullable(state.getLeader()).map(Object::toString);
  }

  /** {@code available} when the AZ's node is up and reachable, {@code impaired} when unreachable, else {@code unavailable}. */
  public String zoneState(RegionInfo.Zone zone) {
    for (Member m : state.getMembers()) {
      if (!MemberIdentity.nodeName(m).equals(zone.node())) continue;
      if (m.status() != MemberStatus.up()) continue;
      return isReachable(m) ? "available" : "impaired";
    }
    return "unavailable";
  }
}
