package plemu.cluster;

import java.util.Optional;
import java.util.Set;
import org.apache.pekko.cluster.Member;

/** Reads a member's plemu identity (node name, region, AZ ID) back from its cluster roles. */
public final class MemberIdentity {
  private MemberIdentity() {}

  public static Optional<String> tag(Member member, String tag) {
    return tag(member.getRoles(), tag);
  }

  public static Optional<String> tag(Set<String> roles, String tag) {
    String prefix = tag + "=";
    return roles.stream().filter(r -> r.startsWith(prefix)).map(r -> r.substring(prefix.length())).findFirst();
  }

  public static String nodeName(Member member) {
    return tag(member, "node").orElse(member.address().toString());
  }
}
