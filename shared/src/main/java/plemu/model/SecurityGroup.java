package plemu.model;

import java.util.List;

/** A VPC security group with its ingress and egress rules. */
public record SecurityGroup(
    String groupId,
    String ownerId,
    String region,
    String vpcId,
    String groupName,
    String description,
    List<SecurityGroupRule> rules,
    List<Tag> tags)
    implements KryoSerializable {
  public SecurityGroup {
    rules = List.copyOf(rules);
    tags = List.copyOf(tags);
  }

  public SecurityGroup withRules(List<SecurityGroupRule> newRules) {
    return new SecurityGroup(groupId, ownerId, region, vpcId, groupName, description, newRules, tags);
  }

  public List<SecurityGroupRule> ingress() {
    return rules.stream().filter(r -> !r.egress()).toList();
  }

  public List<SecurityGroupRule> egress() {
    return rules.stream().filter(SecurityGroupRule::egress).toList();
  }

  public String arn() {
    return "arn:aws:ec2:" + region + ":" + ownerId + ":security-group/" + groupId;
  }
}
