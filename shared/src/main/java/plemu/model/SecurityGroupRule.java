package plemu.model;

/**
 * One security group rule: protocol ("-1" for all, "tcp", "udp", "icmp"), a port range (-1 when the
 * protocol has none), and exactly one source/destination, a CIDR or another group.
 */
public record SecurityGroupRule(
    String ruleId,
    boolean egress,
    String ipProtocol,
    int fromPort,
    int toPort,
    Cidr cidr,
    String referencedGroupId,
    String description)
    implements KryoSerializable {

  /** Same permission regardless of id and description: AWS refuses duplicates on this. */
  public boolean samePermission(SecurityGroupRule o) {
    return egress == o.egress
        && ipProtocol.equals(o.ipProtocol)
        && fromPort == o.fromPort
        && toPort == o.toPort
        && java.util.Objects.equals(cidr, o.cidr)
        && java.util.Objects.equals(referencedGroupId, o.referencedGroupId);
  }

  public SecurityGroupRule withId(String id) {
    return new SecurityGroupRule(id, egress, ipProtocol, fromPort, toPort, cidr, referencedGroupId, description);
  }
}
