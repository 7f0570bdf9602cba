package plemu.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import plemu.model.Account;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.Subnet;
import plemu.model.SubnetAddresses;
import plemu.model.Tag;
import plemu.model.Vpc;

/** Renders model records as the EC2 API's JSON shapes (botocore member names, as the AWS CLI prints them). */
public final class Ec2Json {
  private Ec2Json() {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * A VPC; {@code DnsResolver} (not in AWS's shape) says where its Amazon DNS server (base+2) really
   * listens: a host address and port any DNS client on this host can query.
   */
  public static ObjectNode vpc(Vpc v, int dnsPort) {
    ObjectNode o = F.objectNode();
    o.put("CidrBlock", v.cidr().toString());
    o.put("DhcpOptionsId", "default");
    o.put("State", "available");
    o.put("VpcId", v.vpcId());
    o.put("OwnerId", v.ownerId());
    o.put("InstanceTenancy", "default");
    ObjectNode assoc = o.putArray("CidrBlockAssociationSet").addObject();
    assoc.put("AssociationId", v.cidrAssociationId());
    assoc.put("CidrBlock", v.cidr().toString());
    assoc.putObject("CidrBlockState").put("State", "associated");
    o.put("IsDefault", false);
    tags(o, v.tags());
    ObjectNode dns = o.putObject("DnsResolver");
    dns.put("PrivateIpAddress", plemu.model.Ipv4.format(v.cidr().addressAt(2)));
    dns.put("HostAddress", v.resolverHostAddress());
    dns.put("Port", dnsPort);
    dns.put("State", v.enableDnsSupport() ? "serving" : "off (EnableDnsSupport is false)");
    return o;
  }

  /** A subnet, with the AZ name as {@code viewer} sees it. */
  public static ObjectNode subnet(Subnet s, Account viewer, long addressesInUse) {
    ObjectNode o = F.objectNode();
    o.put("AvailabilityZone", viewer.zoneNameOf(s.zoneId()).orElse(s.zoneId()));
    o.put("AvailabilityZoneId", s.zoneId());
    o.put("AvailableIpAddressCount", SubnetAddresses.usableCount(s.cidr()) - addressesInUse);
    o.put("CidrBlock", s.cidr().toString());
    o.put("DefaultForAz", false);
    o.put("MapPublicIpOnLaunch", false);
    o.put("State", "available");
    o.put("SubnetId", s.subnetId());
    o.put("VpcId", s.vpcId());
    o.put("OwnerId", s.ownerId());
    o.put("AssignIpv6AddressOnCreation", false);
    o.putArray("Ipv6CidrBlockAssociationSet");
    o.put("SubnetArn", s.arn());
    o.put("EnableDns64", false);
    o.put("Ipv6Native", false);
    ObjectNode dns = o.putObject("PrivateDnsNameOptionsOnLaunch");
    dns.put("HostnameType", "ip-name");
    dns.put("EnableResourceNameDnsARecord", false);
    dns.put("EnableResourceNameDnsAAAARecord", false);
    tags(o, s.tags());
    return o;
  }

  public static ObjectNode securityGroup(SecurityGroup g) {
    ObjectNode o = F.objectNode();
    o.put("GroupId", g.groupId());
    o.put("GroupName", g.groupName());
    o.put("Description", g.description());
    o.put("OwnerId", g.ownerId());
    o.put("VpcId", g.vpcId());
    o.put("SecurityGroupArn", g.arn());
    o.set("IpPermissions", permissions(g.ingress(), g.ownerId()));
    o.set("IpPermissionsEgress", permissions(g.egress(), g.ownerId()));
    tags(o, g.tags());
    return o;
  }

  /** Rules grouped into IpPermission entries by protocol and port range, as DescribeSecurityGroups shows them. */
  static ArrayNode permissions(List<SecurityGroupRule> rules, String ownerId) {
    Map<String, List<SecurityGroupRule>> byRange = new LinkedHashMap<>();
    for (SecurityGroupRule r : rules)
      byRange.computeIfAbsent(r.ipProtocol() + "/" + r.fromPort() + "/" + r.toPort(), k -> new ArrayList<>()).add(r);
    ArrayNode out = F.arrayNode();
    byRange.values().forEach(group -> {
      SecurityGroupRule first = group.get(0);
      ObjectNode p = out.addObject();
      p.put("IpProtocol", first.ipProtocol());
      if (!first.ipProtocol().equals("-1")) {
        p.put("FromPort", first.fromPort());
        p.put("ToPort", first.toPort());
      }
      ArrayNode pairs = p.putArray("UserIdGroupPairs");
      ArrayNode ranges = p.putArray("IpRanges");
      p.putArray("Ipv6Ranges");
      p.putArray("PrefixListIds");
      for (SecurityGroupRule r : group) {
        ObjectNode entry = r.cidr() != null ? ranges.addObject() : pairs.addObject();
        if (r.cidr() != null) entry.put("CidrIp", r.cidr().toString());
        else {
          entry.put("GroupId", r.referencedGroupId());
          entry.put("UserId", ownerId);
        }
        if (r.description() != null) entry.put("Description", r.description());
      }
    });
    return out;
  }

  public static ObjectNode rule(SecurityGroupRule r, SecurityGroup g) {
    ObjectNode o = F.objectNode();
    o.put("SecurityGroupRuleId", r.ruleId());
    o.put("GroupId", g.groupId());
    o.put("GroupOwnerId", g.ownerId());
    o.put("IsEgress", r.egress());
    o.put("IpProtocol", r.ipProtocol());
    o.put("FromPort", r.fromPort());
    o.put("ToPort", r.toPort());
    if (r.cidr() != null) o.put("CidrIpv4", r.cidr().toString());
    else {
      ObjectNode ref = o.putObject("ReferencedGroupInfo");
      ref.put("GroupId", r.referencedGroupId());
      ref.put("UserId", g.ownerId());
    }
    if (r.description() != null) o.put("Description", r.description());
    o.put("SecurityGroupRuleArn", "arn:aws:ec2:" + g.region() + ":" + g.ownerId() + ":security-group-rule/" + r.ruleId());
    o.putArray("Tags");
    return o;
  }

  /** A RevokedSecurityGroupRule: like a rule, with the referenced group as a plain id. */
  public static ObjectNode revokedRule(SecurityGroupRule r, SecurityGroup g) {
    ObjectNode o = F.objectNode();
    o.put("SecurityGroupRuleId", r.ruleId());
    o.put("GroupId", g.groupId());
    o.put("IsEgress", r.egress());
    o.put("IpProtocol", r.ipProtocol());
    o.put("FromPort", r.fromPort());
    o.put("ToPort", r.toPort());
    if (r.cidr() != null) o.put("CidrIpv4", r.cidr().toString());
    else o.put("ReferencedGroupId", r.referencedGroupId());
    if (r.description() != null) o.put("Description", r.description());
    return o;
  }

  static void tags(ObjectNode o, List<Tag> tags) {
    if (tags.isEmpty()) return;
    ArrayNode a = o.putArray("Tags");
    tags.forEach(t -> a.addObject().put("Key", t.key()).put("Value", t.value()));
  }
}
