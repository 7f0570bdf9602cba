package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.controlplane.ListenerActions;
import plemu.controlplane.LoadBalancerActions;
import plemu.controlplane.Owned;
import plemu.model.Account;
import plemu.model.Listener;
import plemu.model.LoadBalancer;

/** ELBv2 load balancers and listeners: create, describe, delete, attributes. */
final class LoadBalancerApi {
  private LoadBalancerApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("CreateLoadBalancer", new Action(Access.ACCOUNT, LoadBalancerApi::create));
    actions.put("DescribeLoadBalancers", new Action(Access.ACCOUNT, LoadBalancerApi::describe));
    actions.put("DeleteLoadBalancer", new Action(Access.ACCOUNT, LoadBalancerApi::delete));
    actions.put("ModifyLoadBalancerAttributes", new Action(Access.ACCOUNT, LoadBalancerApi::modifyAttributes));
    actions.put("DescribeLoadBalancerAttributes", new Action(Access.ACCOUNT, LoadBalancerApi::describeAttributes));
    actions.put("CreateListener", new Action(Access.ACCOUNT, LoadBalancerApi::createListener));
    actions.put("DescribeListeners", new Action(Access.ACCOUNT, LoadBalancerApi::describeListeners));
    actions.put("DeleteListener", new Action(Access.ACCOUNT, LoadBalancerApi::deleteListener));
    actions.put("ModifyListenerAttributes", new Action(Access.ACCOUNT, LoadBalancerApi::modifyListenerAttributes));
    actions.put("DescribeListenerAttributes", new Action(Access.ACCOUNT, LoadBalancerApi::describeListenerAttributes));
  }

  private static CompletionStage<JsonNode> create(ApiCall call) {
    Params p = call.params().allow("Name", "Subnets", "SubnetMappings", "SecurityGroups", "Scheme", "Type",
        "IpAddressType", "Tags");
    String ipType = p.string("IpAddressType");
    if (ipType != null && !ipType.equals("ipv4"))
      throw AwsError.badRequest("ValidationError", "plemu emulates IpAddressType ipv4 only").exception();
    List<LoadBalancerActions.SubnetMapping> subnets = new ArrayList<>();
    if (p.has("Subnets") && p.has("SubnetMappings"))
      throw AwsError.badRequest("ValidationError", "Give either Subnets or SubnetMappings, not both").exception();
    p.strings("Subnets").forEach(id -> subnets.add(new LoadBalancerActions.SubnetMapping(id, null)));
    for (JsonNode m : p.array("SubnetMappings")) {
      if (!m.path("SubnetId").isTextual()) throw AwsError.missingParameter("SubnetMappings.SubnetId").exception();
      subnets.add(new LoadBalancerActions.SubnetMapping(m.get("SubnetId").asText(),
          m.hasNonNull("PrivateIPv4Address") ? m.get("PrivateIPv4Address").asText() : null));
    }
    Account viewer = call.account();
    return call.write(new LoadBalancerActions.CreateLoadBalancer(call.caller(), p.string("Name"), p.string("Type"),
            p.string("Scheme"), subnets, p.strings("SecurityGroups"), ElbParams.tags(p)))
        .thenCompose(result -> call.refreshed().thenApply(state -> {
          var out = JsonNodeFactory.instance.objectNode();
          out.putArray("LoadBalancers").add(Elbv2Json.loadBalancer((LoadBalancer) result, viewer, state));
          return (JsonNode) out;
        }));
  }

  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("LoadBalancerArns", "Names", "Marker", "PageSize");
    List<String> arns = p.strings("LoadBalancerArns");
    List<String> names = p.strings("Names");
    List<LoadBalancer> byArn = call.chosen(Owned.LOAD_BALANCER, arns);
    List<LoadBalancer> mine = names.isEmpty() || arns.isEmpty() ? byArn : call.mine(Owned.LOAD_BALANCER);
    for (String name : names)
      if (mine.stream().noneMatch(lb -> lb.name().equals(name)))
        throw AwsError.notFound("LoadBalancerNotFound", "Load balancers '[" + name + "]' not found").exception();
    List<LoadBalancer> chosen = byArn.stream().filter(lb -> names.isEmpty() || names.contains(lb.name())).toList();
    Account viewer = call.account();
    return VpcApi.done(ElbParams.page(p, chosen, LoadBalancer::loadBalancerArn, "LoadBalancers",
        lb -> Elbv2Json.loadBalancer(lb, viewer, call.state())));
  }

  private static CompletionStage<JsonNode> delete(ApiCall call) {
    Params p = call.params().allow("LoadBalancerArn");
    return call.write(new LoadBalancerActions.DeleteLoadBalancer(call.caller(), p.requiredString("LoadBalancerArn")))
        .thenApply(ignored -> JsonNodeFactory.instance.objectNode());
  }

  private static CompletionStage<JsonNode> modifyAttributes(ApiCall call) {
    Params p = call.params().allow("LoadBalancerArn", "Attributes");
    return call.write(new LoadBalancerActions.ModifyLoadBalancerAttributes(call.caller(),
            p.requiredString("LoadBalancerArn"), ElbParams.attributes(p)))
        .thenApply(lb -> Elbv2Json.attributes(((LoadBalancer) lb).attributes()));
  }

  private static CompletionStage<JsonNode> describeAttributes(ApiCall call) {
    Params p = call.params().allow("LoadBalancerArn");
    String arn = p.requiredString("LoadBalancerArn");
    LoadBalancer lb = call.owned(Owned.LOAD_BALANCER, arn);
    return VpcApi.done(Elbv2Json.attributes(lb.attributes()));
  }

  /** DefaultActions: one {@code forward} to a TargetGroupArn (directly or as a one-group ForwardConfig). */
  private static String forwardTarget(Params p) {
    List<JsonNode> actions = p.array("DefaultActions");
    if (actions.isEmpty()) throw AwsError.missingParameter("DefaultActions").exception();
    if (actions.size() > 1)
      throw AwsError.badRequest("ValidationError", "plemu's NLB listeners take one forward action").exception();
    JsonNode a = actions.get(0);
    if (!"forward".equals(a.path("Type").asText()))
      throw AwsError.badRequest("ValidationError", "An NLB listener's action type must be 'forward'").exception();
    if (a.hasNonNull("TargetGroupArn")) return a.get("TargetGroupArn").asText();
    JsonNode groups = a.path("ForwardConfig").path("TargetGroups");
    if (groups.size() != 1)
      throw AwsError.badRequest("ValidationError", "A forward action needs exactly one target group").exception();
    return groups.get(0).path("TargetGroupArn").asText(null);
  }

  private static CompletionStage<JsonNode> createListener(ApiCall call) {
    Params p = call.params().allow("LoadBalancerArn", "Protocol", "Port", "DefaultActions", "Tags");
    return call.write(new ListenerActions.CreateListener(call.caller(), p.requiredString("LoadBalancerArn"),
            p.string("Protocol"), p.integer("Port"), forwardTarget(p)))
        .thenApply(l -> {
          var out = JsonNodeFactory.instance.objectNode();
          out.putArray("Listeners").add(Elbv2Json.listener((Listener) l));
          return out;
        });
  }

  private static CompletionStage<JsonNode> describeListeners(ApiCall call) {
    Params p = call.params().allow("LoadBalancerArn", "ListenerArns", "Marker", "PageSize");
    String lbArn = p.string("LoadBalancerArn");
    List<String> arns = p.strings("ListenerArns");
    if (lbArn == null && arns.isEmpty())
      throw AwsError.badRequest("ValidationError", "Give a LoadBalancerArn or ListenerArns").exception();
    if (lbArn != null) call.owned(Owned.LOAD_BALANCER, lbArn);
    // a load balancer's listeners are its owner's: the caller's listeners hold them
    List<Listener> chosen = call.chosen(Owned.LISTENER, arns).stream()
        .filter(l -> lbArn == null || l.loadBalancerArn().equals(lbArn))
        .toList();
    return VpcApi.done(ElbParams.page(p, chosen, Listener::listenerArn, "Listeners", Elbv2Json::listener));
  }

  private static CompletionStage<JsonNode> deleteListener(ApiCall call) {
    Params p = call.params().allow("ListenerArn");
    return call.write(new ListenerActions.DeleteListener(call.caller(), p.requiredString("ListenerArn")))
        .thenApply(ignored -> JsonNodeFactory.instance.objectNode());
  }

  private static CompletionStage<JsonNode> modifyListenerAttributes(ApiCall call) {
    Params p = call.params().allow("ListenerArn", "Attributes");
    return call.write(new ListenerActions.ModifyListenerAttributes(call.caller(), p.requiredString("ListenerArn"),
            ElbParams.attributes(p)))
        .thenApply(l -> Elbv2Json.attributes(((Listener) l).attributes()));
  }

  private static CompletionStage<JsonNode> describeListenerAttributes(ApiCall call) {
    Params p = call.params().allow("ListenerArn");
    String arn = p.requiredString("ListenerArn");
    Listener l = call.owned(Owned.LISTENER, arn);
    return VpcApi.done(Elbv2Json.attributes(l.attributes()));
  }
}
