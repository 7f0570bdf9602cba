package plemu.controlplane;

import java.util.Locale;
import plemu.model.Cidr;
import plemu.model.KryoSerializable;
import plemu.model.SecurityGroupRule;

/**
 * One permission as a request states it (one IpRange or one UserIdGroupPair of an IpPermission):
 * protocol by name or number, ports (null where the protocol has none), a CIDR or a group id.
 */
public record RuleSpec(
    String ipProtocol, Integer fromPort, Integer toPort, String cidrIp, String groupId, String description)
    implements KryoSerializable {

  /** Validates and normalises this permission into a rule (id left null). */
  public SecurityGroupRule toRule(boolean egress) {
    String protocol = protocol(ipProtocol);
    int from = -1;
    int to = -1;
    if (protocol.equals("tcp") || protocol.equals("udp")) {
      if (fromPort == null || toPort == null)
        throw AwsError.badRequest("InvalidParameterValue",
            "Invalid value for portRange. Must specify both from and to ports with TCP/UDP.").exception();
      if (fromPort < 0 || toPort > 65535 || fromPort > toPort)
        throw AwsError.badRequest("InvalidParameterValue",
            "Invalid value for portRange. Ports " + fromPort + "-" + toPort + " are not a range within 0-65535.").exception();
      from = fromPort;
      to = toPort;
    } else if (protocol.equals("icmp")) {
      from = fromPort == null ? -1 : fromPort;
      to = toPort == null ? -1 : toPort;
      if (from < -1 || from > 255 || to < -1 || to > 255)
        throw AwsError.badRequest("InvalidParameterValue",
            "Invalid value for ICMP type/code: " + from + "/" + to + " (each -1 to 255)").exception();
    }
    if ((cidrIp == null) == (groupId == null))
      throw AwsError.badRequest("InvalidParameterCombination",
          "Each permission needs exactly one of an IP range (CidrIp) or a security group (GroupId)").exception();
    Cidr cidr = cidrIp == null ? null : Cidrs.parse("cidrIp", cidrIp);
    return new SecurityGroupRule(null, egress, protocol, from, to, cidr, groupId, description);
  }

  static String protocol(String p) {
    if (p == null || p.isEmpty()) throw AwsError.missingParameter("IpProtocol").exception();
    switch (p.toLowerCase(Locale.ROOT)) {
      case "-1": case "all": return "-1";
      case "tcp": case "6": return "tcp";
      case "udp": case "17": return "udp";
      case "icmp": case "1": return "icmp";
      default:
        throw AwsError.badRequest("InvalidParameterValue",
            "Invalid value '" + p + "' for IP protocol. Unknown protocol.").exception();
    }
  }
}
