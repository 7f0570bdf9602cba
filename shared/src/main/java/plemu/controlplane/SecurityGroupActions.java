package plemu.controlplane;

import java.util.ArrayList;
import java.util.List;
import plemu.model.Cidr;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.Tag;
import plemu.model.Vpc;

/** CreateSecurityGroup, DeleteSecurityGroup, Authorize/Revoke ingress and egress. */
public final class SecurityGroupActions {
  private SecurityGroupActions() {}

  /** Creates a group in a VPC with the default egress rule (all traffic to 0.0.0.0/0), as AWS. */
  public record CreateSecurityGroup(Caller caller, String vpcId, String groupName, String description, List<Tag> tags)
      implements Mutation {
    @Override
    public SecurityGroup apply(Desired.Builder s, IdSource ids) {
      if (groupName == null || groupName.isEmpty()) throw AwsError.missingParameter("GroupName").exception();
      if (description == null || description.isEmpty()) throw AwsError.missingParameter("Description").exception();
      if (vpcId == null) throw AwsError.badRequest("VPCIdNotSpecified", "No default VPC for this user").exception();
      Vpc vpc = Owned.VPC.get(s, caller, vpcId);
      if (groupName.length() > 255)
        throw AwsError.invalidValue("GroupName", groupName, "It is longer than 255 characters.").exception();
      if (groupName.startsWith("sg-"))
        throw AwsError.badRequest("InvalidParameterValue", "Group names may not be in the format sg-*").exception();
      if (groupName.equals("default"))
        throw AwsError.badRequest("InvalidGroup.Reserved", "The security group 'default' is reserved").exception();
      boolean taken = s.ownedBy(Table.SECURITY_GROUPS, vpc.ownerId()).stream()
          .anyMatch(g -> g.vpcId().equals(vpc.vpcId()) && g.groupName().equals(groupName));
      if (taken)
        throw AwsError.badRequest("InvalidGroup.Duplicate",
            "The security group '" + groupName + "' already exists for VPC '" + vpcId + "'").exception();
      String id = s.newId(Table.SECURITY_GROUPS, "sg", ids);
      SecurityGroup group = new SecurityGroup(id, caller.accountId(), caller.region(), vpcId, groupName, description,
          List.of(new SecurityGroupRule(ids.next("sgr"), true, "-1", -1, -1, Cidr.parse("0.0.0.0/0"), null, null)), tags);
      s.put(Table.SECURITY_GROUPS, id, group);
      return group;
    }
  }

  /** Deletes a group by id or (name within the caller's groups); refused for default and referenced groups. */
  public record DeleteSecurityGroup(Caller caller, String groupId, String groupName) implements Mutation {
    @Override
    public String apply(Desired.Builder s, IdSource ids) {
      SecurityGroup group = find(s);
      if (group.groupName().equals("default"))
        throw AwsError.badRequest("CannotDelete", "the specified group: \"" + group.groupId()
            + "\" name: \"default\" cannot be deleted by a user").exception();
      // rules reference groups of their own account; interfaces use groups of their own VPC, so their owner's
      boolean referenced = s.ownedBy(Table.SECURITY_GROUPS, group.ownerId()).stream()
          .filter(g -> !g.groupId().equals(group.groupId()))
          .flatMap(g -> g.rules().stream())
          .anyMatch(r -> group.groupId().equals(r.referencedGroupId()));
      boolean attached = s.ownedBy(Table.NETWORK_INTERFACES, group.ownerId()).stream()
          .anyMatch(e -> e.securityGroupIds().contains(group.groupId()));
      if (referenced || attached)
        throw AwsError.dependencyViolation("resource " + group.groupId() + " has a dependent object").exception();
      s.remove(Table.SECURITY_GROUPS, group.groupId());
      return group.groupId();
    }

    private SecurityGroup find(Desired.Builder s) {
      if (groupId != null) return Owned.SECURITY_GROUP.get(s, caller, groupId);
      if (groupName == null) throw AwsError.missingParameter("GroupId").exception();
      List<SecurityGroup> named = Owned.SECURITY_GROUP.all(s, caller).stream()
          .filter(g -> g.groupName().equals(groupName)).toList();
      if (named.isEmpty())
        throw AwsError.notFound("InvalidGroup.NotFound", "The security group '" + groupName + "' does not exist").exception();
      if (named.size() > 1)
        throw AwsError.badRequest("InvalidParameterValue",
            "Several VPCs have a security group named '" + groupName + "'; give GroupId").exception();
      return named.get(0);
    }
  }

  /** AuthorizeSecurityGroupIngress / AuthorizeSecurityGroupEgress: adds all permissions or none. */
  public record Authorize(Caller caller, String groupId, boolean egress, List<RuleSpec> permissions)
      implements Mutation {
    @Override
    public List<SecurityGroupRule> apply(Desired.Builder s, IdSource ids) {
      if (groupId == null) throw AwsError.missingParameter("GroupId").exception();
      SecurityGroup group = Owned.SECURITY_GROUP.get(s, caller, groupId);
      if (permissions.isEmpty()) throw AwsError.missingParameter("IpPermissions").exception();
      List<SecurityGroupRule> rules = new ArrayList<>(group.rules());
      List<SecurityGroupRule> added = new ArrayList<>();
      for (RuleSpec p : permissions) {
        SecurityGroupRule rule = p.toRule(egress);
        if (rule.referencedGroupId() != null) {
          SecurityGroup referenced = Owned.SECURITY_GROUP.get(s, caller, rule.referencedGroupId());
          if (!referenced.vpcId().equals(group.vpcId()))
            throw AwsError.notFound("InvalidGroup.NotFound", "You have specified two resources that belong to "
                + "different networks: " + group.groupId() + " is in " + group.vpcId() + ", "
                + referenced.groupId() + " in " + referenced.vpcId() + ".").exception();
        }
        if (rules.stream().anyMatch(rule::samePermission))
          throw AwsError.badRequest("InvalidPermission.Duplicate",
              "the specified rule \"" + describe(rule) + "\" already exists").exception();
        SecurityGroupRule withId = rule.withId(ids.next("sgr"));
        rules.add(withId);
        added.add(withId);
      }
      s.put(Table.SECURITY_GROUPS, group.groupId(), group.withRules(rules));
      return added;
    }
  }

  /**
   * RevokeSecurityGroupIngress / RevokeSecurityGroupEgress by permission or by rule id. Every named
   * rule must exist, else nothing is revoked (InvalidPermission.NotFound).
   */
  public record Revoke(Caller caller, String groupId, boolean egress, List<RuleSpec> permissions, List<String> ruleIds)
      implements Mutation {
    @Override
    public List<SecurityGroupRule> apply(Desired.Builder s, IdSource ids) {
      if (groupId == null) throw AwsError.missingParameter("GroupId").exception();
      SecurityGroup group = Owned.SECURITY_GROUP.get(s, caller, groupId);
      if (permissions.isEmpty() && ruleIds.isEmpty()) throw AwsError.missingParameter("IpPermissions").exception();
      List<SecurityGroupRule> rules = new ArrayList<>(group.rules());
      List<SecurityGroupRule> revoked = new ArrayList<>();
      for (RuleSpec p : permissions) {
        SecurityGroupRule wanted = p.toRule(egress);
        SecurityGroupRule found = rules.stream().filter(wanted::samePermission).findFirst()
            .orElseThrow(() -> AwsError.badRequest("InvalidPermission.NotFound",
                "The specified rule does not exist in this security group.").exception());
        rules.remove(found);
        revoked.add(found);
      }
      for (String id : ruleIds) {
        SecurityGroupRule found = rules.stream().filter(r -> r.ruleId().equals(id) && r.egress() == egress).findFirst()
            .orElseThrow(() -> AwsError.badRequest("InvalidSecurityGroupRuleId.NotFound",
                "The security group rule ID '" + id + "' does not exist").exception());
        rules.remove(found);
        revoked.add(found);
      }
      s.put(Table.SECURITY_GROUPS, group.groupId(), group.withRules(rules));
      return revoked;
    }
  }

  static String describe(SecurityGroupRule r) {
    String peer = r.cidr() != null ? r.cidr().toString() : r.referencedGroupId();
    String proto = r.ipProtocol().equals("-1") ? "ALL" : r.ipProtocol().toUpperCase(java.util.Locale.ROOT);
    return "peer: " + peer + ", " + proto + ", from port: " + r.fromPort() + ", to port: " + r.toPort() + ", ALLOW";
  }
}
