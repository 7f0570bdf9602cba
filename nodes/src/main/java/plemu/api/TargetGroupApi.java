package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.controlplane.Owned;
import plemu.controlplane.TargetGroupActions;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.TargetGroup;

/** ELBv2 target groups: create, describe, modify (health check), delete, attributes, register and deregister targets. */
final class TargetGroupApi {
  private TargetGroupApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("CreateTargetGroup", new Action(Access.ACCOUNT, TargetGroupApi::create));
    actions.put("DescribeTargetGroups", new Action(Access.ACCOUNT, TargetGroupApi::describe));
    actions.put("DeleteTargetGroup", new Action(Access.ACCOUNT, TargetGroupApi::delete));
    actions.put("ModifyTargetGroup", new Action(Access.ACCOUNT, TargetGroupApi::modify));
    actions.put("ModifyTargetGroupAttributes", new Action(Access.ACCOUNT, TargetGroupApi::modifyAttributes));
    actions.put("DescribeTargetGroupAttributes", new Action(Access.ACCOUNT, TargetGroupApi::describeAttributes));
    actions.put("RegisterTargets", new Action(Access.ACCOUNT, c -> targets(c, true)));
    actions.put("DeregisterTargets", new Action(Access.ACCOUNT, c -> targets(c, false)));
  }

  private static CompletionStage<JsonNode> create(ApiCall call) {
    Params p = call.params().allow("Name", "Protocol", "Port", "VpcId", "TargetType", "HealthCheckProtocol",
        "HealthCheckPort", "HealthCheckEnabled", "HealthCheckPath", "HealthCheckIntervalSeconds",
        "HealthCheckTimeoutSeconds", "HealthyThresholdCount", "UnhealthyThresholdCount", "Matcher", "IpAddressType",
        "Tags");
    String ipType = p.string("IpAddressType");
    if (ipType != null && !ipType.equals("ipv4"))
      throw AwsError.badRequest("ValidationError", "plemu emulates IpAddressType ipv4 only").exception();
    return call.write(new TargetGroupActions.CreateTargetGroup(call.caller(), p.string("Name"), p.string("Protocol"),
            p.integer("Port"), p.string("VpcId"), p.string("TargetType"), healthCheck(p), ElbParams.tags(p)))
        .thenCompose(result -> answer(call, (TargetGroup) result));
  }

  /** The health check parameters of CreateTargetGroup and ModifyTargetGroup. */
  private static TargetGroupActions.HealthCheckSpec healthCheck(Params p) {
    String httpCode = null;
    if (p.has("Matcher")) {
      Params m = new Params((com.fasterxml.jackson.databind.node.ObjectNode) objectParam(p, "Matcher"));
      m.allow("HttpCode");
      httpCode = m.string("HttpCode");
    }
    return new TargetGroupActions.HealthCheckSpec(p.bool("HealthCheckEnabled"), p.string("HealthCheckProtocol"),
        p.string("HealthCheckPort"), p.string("HealthCheckPath"), p.integer("HealthCheckIntervalSeconds"),
        p.integer("HealthCheckTimeoutSeconds"), p.integer("HealthyThresholdCount"), p.integer("UnhealthyThresholdCount"),
        httpCode);
  }

  /** {@code TargetGroups}: the one target group, as the state the write produced shows it. */
  private static CompletionStage<JsonNode> answer(ApiCall call, TargetGroup tg) {
    return call.refreshed().thenApply(state -> {
      var out = JsonNodeFactory.instance.objectNode();
      out.putArray("TargetGroups").add(Elbv2Json.targetGroup(tg, state));
      return (JsonNode) out;
    });
  }

  /** ModifyTargetGroup: the health check's settings; what the request leaves out stays as it was. */
  private static CompletionStage<JsonNode> modify(ApiCall call) {
    Params p = call.params().allow("TargetGroupArn", "HealthCheckProtocol", "HealthCheckPort", "HealthCheckEnabled",
        "HealthCheckPath", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount",
        "UnhealthyThresholdCount", "Matcher");
    return call.write(new TargetGroupActions.ModifyTargetGroup(call.caller(), p.requiredString("TargetGroupArn"),
            healthCheck(p)))
        .thenCompose(result -> answer(call, (TargetGroup) result));
  }

  private static JsonNode objectParam(Params p, String name) {
    JsonNode n = p.raw(name);
    if (n == null || !n.isObject()) throw AwsError.invalidValue(name, n, "Expecting an object.").exception();
    return n;
  }

  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("LoadBalancerArn", "TargetGroupArns", "Names", "Marker", "PageSize");
    List<String> arns = p.strings("TargetGroupArns");
    List<String> names = p.strings("Names");
    String lbArn = p.string("LoadBalancerArn");
    List<TargetGroup> byArn = call.chosen(Owned.TARGET_GROUP, arns);
    List<TargetGroup> mine = names.isEmpty() || arns.isEmpty() ? byArn : call.mine(Owned.TARGET_GROUP);
    for (String name : names)
      if (mine.stream().noneMatch(tg -> tg.name().equals(name)))
        throw AwsError.notFound("TargetGroupNotFound", "One or more target groups not found").exception();
    Set<String> behindLb = lbArn == null ? null : forwardedTo(call, call.owned(Owned.LOAD_BALANCER, lbArn));
    List<TargetGroup> chosen = byArn.stream()
        .filter(tg -> names.isEmpty() || names.contains(tg.name()))
        .filter(tg -> behindLb == null || behindLb.contains(tg.targetGroupArn()))
        .toList();
    return VpcApi.done(ElbParams.page(p, chosen, TargetGroup::targetGroupArn, "TargetGroups",
        tg -> Elbv2Json.targetGroup(tg, call.state())));
  }

  /** The target groups the load balancer's listeners forward to (its listeners are its owner's). */
  private static Set<String> forwardedTo(ApiCall call, LoadBalancer lb) {
    Set<String> out = new HashSet<>();
    for (Listener l : call.mine(Owned.LISTENER))
      if (l.loadBalancerArn().equals(lb.loadBalancerArn())) out.add(l.targetGroupArn());
    return out;
  }

  private static CompletionStage<JsonNode> delete(ApiCall call) {
    Params p = call.params().allow("TargetGroupArn");
    return call.write(new TargetGroupActions.DeleteTargetGroup(call.caller(), p.requiredString("TargetGroupArn")))
        .thenApply(ignored -> JsonNodeFactory.instance.objectNode());
  }

  private static CompletionStage<JsonNode> modifyAttributes(ApiCall call) {
    Params p = call.params().allow("TargetGroupArn", "Attributes");
    return call.write(new TargetGroupActions.ModifyTargetGroupAttributes(call.caller(),
            p.requiredString("TargetGroupArn"), ElbParams.attributes(p)))
        .thenApply(tg -> Elbv2Json.attributes(((TargetGroup) tg).attributes()));
  }

  private static CompletionStage<JsonNode> describeAttributes(ApiCall call) {
    Params p = call.params().allow("TargetGroupArn");
    String arn = p.requiredString("TargetGroupArn");
    TargetGroup tg = call.owned(Owned.TARGET_GROUP, arn);
    return VpcApi.done(Elbv2Json.attributes(tg.attributes()));
  }

  private static CompletionStage<JsonNode> targets(ApiCall call, boolean register) {
    Params p = call.params().allow("TargetGroupArn", "Targets");
    String arn = p.requiredString("TargetGroupArn");
    List<TargetGroupActions.TargetSpec> specs = new ArrayList<>();
    for (JsonNode t : p.array("Targets")) {
      if (!t.path("Id").isTextual()) throw AwsError.missingParameter("Targets.Id").exception();
      specs.add(new TargetGroupActions.TargetSpec(t.get("Id").asText(),
          t.hasNonNull("Port") ? t.get("Port").asInt() : null,
          t.hasNonNull("AvailabilityZone") ? t.get("AvailabilityZone").asText() : null));
    }
    var mutation = register
        ? new TargetGroupActions.RegisterTargets(call.caller(), arn, specs)
        : new TargetGroupActions.DeregisterTargets(call.caller(), arn, specs);
    return call.write(mutation).thenApply(ignored -> JsonNodeFactory.instance.objectNode());
  }
}
