package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.controlplane.Owned;
import plemu.controlplane.RuleSpec;
import plemu.controlplane.SecurityGroupActions;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;

/** CreateSecurityGroup, DescribeSecurityGroups, DeleteSecurityGroup, Authorize/Revoke ingress and egress. */
final class SecurityGroupApi {
  private SecurityGroupApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("CreateSecurityGroup", new Action(Access.ACCOUNT, SecurityGroupApi::create));
    actions.put("DescribeSecurityGroups", new Action(Access.ACCOUNT, SecurityGroupApi::describe));
    actions.put("DeleteSecurityGroup", new Action(Access.ACCOUNT, SecurityGroupApi::delete));
    actions.put("AuthorizeSecurityGroupIngress", new Action(Access.ACCOUNT, c -> authorize(c, false)));
    actions.put("AuthorizeSecurityGroupEgress", new Action(Access.ACCOUNT, c -> authorize(c, true)));
    actions.put("RevokeSecurityGroupIngress", new Action(Access.ACCOUNT, c -> revoke(c, false)));
    actions.put("RevokeSecurityGroupEgress", new Action(Access.ACCOUNT, c -> revoke(c, true)));
  }

  private static final DescribeQuery<SecurityGroup> QUERY =
      new DescribeQuery<SecurityGroup>(SecurityGroup::groupId, SecurityGroup::tags)
          .filter("group-id", SecurityGroup::groupId)
          .filter("group-name", SecurityGroup::groupName)
          .filter("description", SecurityGroup::description)
          .filter("vpc-id", SecurityGroup::vpcId)
          .filter("owner-id", SecurityGroup::ownerId)
          .filterMany("ip-permission.cidr", g -> g.ingress().stream()
              .filter(r -> r.cidr() != null).map(r -> r.cidr().toString()).toList())
          .filterMany("egress.ip-permission.cidr", g -> g.egress().stream()
              .filter(r -> r.cidr() != null).map(r -> r.cidr().toString()).toList())
          .filterMany("ip-permission.group-id", g -> g.ingress().stream()
              .filter(r -> r.referencedGroupId() != null).map(SecurityGroupRule::referencedGroupId).toList());

  private static CompletionStage<JsonNode> create(ApiCall call) {
    Params p = call.params().allow("GroupName", "Description", "VpcId", "TagSpecifications");
    return call.write(new SecurityGroupActions.CreateSecurityGroup(call.caller(), p.string("VpcId"),
            p.string("GroupName"), p.string("Description"), p.tags("security-group")))
        .thenApply(result -> {
          SecurityGroup g = (SecurityGroup) result;
          ObjectNode o = JsonNodeFactory.instance.objectNode().put("GroupId", g.groupId()).put("SecurityGroupArn", g.arn());
          Ec2Json.tags(o, g.tags());
          return o;
        });
  }

  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("GroupIds", "GroupNames", "Filters", "MaxResults", "NextToken");
    List<String> ids = p.strings("GroupIds");
    List<SecurityGroup> byId = call.chosen(Owned.SECURITY_GROUP, ids);
    List<String> names = p.strings("GroupNames");
    List<SecurityGroup> mine = names.isEmpty() || ids.isEmpty() ? byId : call.mine(Owned.SECURITY_GROUP);
    for (String name : names)
      if (mine.stream().noneMatch(g -> g.groupName().equals(name)))
        throw AwsError.notFound("InvalidGroup.NotFound", "The security group '" + name + "' does not exist").exception();
    List<SecurityGroup> chosen = byId.stream().filter(g -> names.isEmpty() || names.contains(g.groupName())).toList();
    return VpcApi.done(QUERY.run(p, chosen, "SecurityGroups", Ec2Json::securityGroup));
  }

  private static CompletionStage<JsonNode> delete(ApiCall call) {
    Params p = call.params().allow("GroupId", "GroupName");
    return call.write(new SecurityGroupActions.DeleteSecurityGroup(call.caller(), p.string("GroupId"), p.string("GroupName")))
        .thenApply(id -> JsonNodeFactory.instance.objectNode().put("Return", true).put("GroupId", (String) id));
  }

  private static CompletionStage<JsonNode> authorize(ApiCall call, boolean egress) {
    Params p = call.params().allow("GroupId", "IpPermissions", "IpProtocol", "FromPort", "ToPort", "CidrIp");
    String groupId = p.requiredString("GroupId");
    return call.write(new SecurityGroupActions.Authorize(call.caller(), groupId, egress, permissions(p, call.caller().accountId())))
        .thenApply(result -> rulesReply("SecurityGroupRules", call, groupId, result));
  }

  private static CompletionStage<JsonNode> revoke(ApiCall call, boolean egress) {
    Params p = call.params().allow("GroupId", "IpPermissions", "IpProtocol", "FromPort", "ToPort", "CidrIp",
        "SecurityGroupRuleIds");
    String groupId = p.requiredString("GroupId");
    return call.write(new SecurityGroupActions.Revoke(call.caller(), groupId, egress, permissions(p, call.caller().accountId()),
            p.strings("SecurityGroupRuleIds")))
        .thenApply(result -> rulesReply("RevokedSecurityGroupRules", call, groupId, result));
  }

  @SuppressWarnings("unchecked")
  private static JsonNode rulesReply(String listName, ApiCall call, String groupId, Object result) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("Return", true);
    ArrayNode list = out.putArray(listName);
    SecurityGroup owner = call.state().securityGroups().get(groupId);
    for (SecurityGroupRule r : (List<SecurityGroupRule>) result)
      list.add(listName.startsWith("Revoked") ? Ec2Json.revokedRule(r, owner) : Ec2Json.rule(r, owner));
    return out;
  }

  /** IpPermissions (each IpRange and UserIdGroupPair is one rule) or the legacy top-level CidrIp form. */
  static List<RuleSpec> permissions(Params p, String callerAccount) {
    List<RuleSpec> out = new ArrayList<>();
    if (p.has("CidrIp") || p.has("IpProtocol")) {
      out.add(new RuleSpec(p.string("IpProtocol"), p.integer("FromPort"), p.integer("ToPort"), p.requiredString("CidrIp"),
          null, null));
    }
    for (JsonNode node : p.array("IpPermissions")) {
      Params perm = nested(node, "IpPermissions").allow("IpProtocol", "FromPort", "ToPort", "IpRanges",
          "UserIdGroupPairs", "Ipv6Ranges", "PrefixListIds");
      String protocol = perm.string("IpProtocol");
      Integer from = perm.integer("FromPort");
      Integer to = perm.integer("ToPort");
      if (!perm.array("Ipv6Ranges").isEmpty() || !perm.array("PrefixListIds").isEmpty())
        throw AwsError.badRequest("UnsupportedOperation", "plemu supports IpRanges and UserIdGroupPairs in rules").exception();
      int before = out.size();
      for (JsonNode r : perm.array("IpRanges")) {
        Params range = nested(r, "IpRanges").allow("CidrIp", "Description");
        out.add(new RuleSpec(protocol, from, to, range.requiredString("CidrIp"), null, range.string("Description")));
      }
      for (JsonNode g : perm.array("UserIdGroupPairs")) {
        Params pair = nested(g, "UserIdGroupPairs").allow("GroupId", "UserId", "Description");
        String userId = pair.string("UserId");
        if (userId != null && !userId.equals(callerAccount))
          throw AwsError.badRequest("UnsupportedOperation", "plemu supports rules that reference groups of the same account").exception();
        out.add(new RuleSpec(protocol, from, to, null, pair.requiredString("GroupId"), pair.string("Description")));
      }
      if (out.size() == before)
        throw AwsError.missingParameter("IpPermissions.IpRanges or IpPermissions.UserIdGroupPairs").exception();
    }
    return out;
  }

  private static Params nested(JsonNode node, String name) {
    if (!node.isObject()) throw AwsError.invalidValue(name, node, "Expected an object.").exception();
    return new Params((ObjectNode) node);
  }
}
