package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.controlplane.Desired;
import plemu.controlplane.Idempotent;
import plemu.controlplane.InstanceActions;
import plemu.controlplane.Owned;
import plemu.model.Account;
import plemu.model.Instance;
import plemu.model.NetworkInterface;
import plemu.model.SecurityGroup;
import plemu.model.Tag;

/**
 * RunInstances, DescribeInstances, TerminateInstances. App settings come from {@code UserData}
 * (base64, as the AWS API carries it, of lines {@code port=8080} / {@code target=127.0.0.1:9000})
 * or from tags {@code plemu:port} / {@code plemu:target}.
 */
final class InstanceApi {
  private InstanceApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("RunInstances", new Action(Access.ACCOUNT, InstanceApi::run));
    actions.put("DescribeInstances", new Action(Access.ACCOUNT, InstanceApi::describe));
    actions.put("TerminateInstances", new Action(Access.ACCOUNT, InstanceApi::terminate));
  }

  private static CompletionStage<JsonNode> run(ApiCall call) {
    Params p = call.params().allow("ImageId", "InstanceType", "SubnetId", "SecurityGroupIds", "MinCount", "MaxCount",
        "PrivateIpAddress", "UserData", "TagSpecifications", "ClientToken");
    if (p.integer("MinCount") == null) throw AwsError.missingParameter("MinCount").exception();
    if (p.integer("MaxCount") == null) throw AwsError.missingParameter("MaxCount").exception();
    List<Tag> tags = p.tags("instance");
    Map<String, String> settings = userData(p.string("UserData"));
    tags.forEach(t -> {
      if (t.key().startsWith("plemu:")) settings.put(t.key().substring(6), t.value());
    });
    Integer port = null;
    if (settings.containsKey("port")) {
      try {
        port = Integer.parseInt(settings.get("port").trim());
      } catch (NumberFormatException e) {
        throw AwsError.invalidValue("UserData port", settings.get("port"), "Expected a port number.").exception();
      }
    }
    var app = new InstanceActions.AppSettings(port, settings.get("target"));
    Account viewer = call.account();
    return call.write(new Idempotent(call.caller(), "RunInstances", p.string("ClientToken"),
            new InstanceActions.RunInstances(call.caller(), p.string("ImageId"), p.string("InstanceType"),
                p.string("SubnetId"), p.strings("SecurityGroupIds"), p.integer("MinCount"), p.integer("MaxCount"),
                p.string("PrivateIpAddress"), app, tags)))
        .thenCompose(result -> call.refreshed().thenApply(state -> {
          @SuppressWarnings("unchecked")
          List<Instance> launched = (List<Instance>) result;
          return (JsonNode) reservation(launched, viewer, state);
        }));
  }

  static Map<String, String> userData(String base64) {
    Map<String, String> out = new HashMap<>();
    if (base64 == null) return out;
    String text;
    try {
      text = new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      throw AwsError.invalidValue("UserData", "(not shown)", "Invalid BASE64 encoding of user data.").exception();
    }
    for (String line : text.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    return out;
  }

  private static ObjectNode reservation(List<Instance> instances, Account viewer, Desired state) {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("ReservationId", "r-" + (instances.isEmpty() ? "0" : instances.get(0).instanceId().substring(2)));
    r.put("OwnerId", viewer.accountId());
    r.putArray("Groups");
    ArrayNode list = r.putArray("Instances");
    instances.forEach(i -> list.add(instance(i, viewer, state)));
    return r;
  }

  static ObjectNode instance(Instance i, Account viewer, Desired state) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("InstanceId", i.instanceId());
    o.put("ImageId", i.imageId());
    ObjectNode st = o.putObject("State");
    st.put("Code", i.running() ? 16 : 48);
    st.put("Name", i.state());
    o.put("InstanceType", i.instanceType());
    o.put("LaunchTime", Instant.ofEpochMilli(i.launchTime()).toString());
    ObjectNode placement = o.putObject("Placement");
    placement.put("AvailabilityZone", viewer.zoneNameOf(i.zoneId()).orElse(i.zoneId()));
    placement.put("AvailabilityZoneId", i.zoneId());
    placement.put("Tenancy", "default");
    o.put("SubnetId", i.subnetId());
    o.put("VpcId", i.vpcId());
    NetworkInterface eni = i.networkInterfaceId() == null ? null : state.networkInterfaces().get(i.networkInterfaceId());
    ArrayNode groups = o.putArray("SecurityGroups");
    ArrayNode enis = o.putArray("NetworkInterfaces");
    if (eni != null) {
      o.put("PrivateIpAddress", eni.privateIpAddress());
      for (String g : eni.securityGroupIds()) {
        SecurityGroup sg = state.securityGroups().get(g);
        groups.addObject().put("GroupId", g).put("GroupName", sg == null ? null : sg.groupName());
      }
      ObjectNode n = enis.addObject();
      n.put("NetworkInterfaceId", eni.networkInterfaceId());
      n.put("PrivateIpAddress", eni.privateIpAddress());
      n.put("SubnetId", eni.subnetId());
      n.put("VpcId", eni.vpcId());
      n.put("Status", "in-use");
      n.put("InterfaceType", "interface");
    }
    Ec2Json.tags(o, i.tags());
    // plemu's own members: where the app really listens
    ObjectNode app = o.putObject("PlemuApp");
    app.put("Port", i.appPort());
    if (eni != null && i.externalAddress() == null) app.put("HostAddress", eni.hostAddress());
    if (i.externalAddress() != null) app.put("ExternalAddress", i.externalAddress());
    return o;
  }

  private static final DescribeQuery<Instance> QUERY = new DescribeQuery<Instance>(Instance::instanceId, Instance::tags)
      .filter("instance-id", Instance::instanceId)
      .filter("instance-state-name", Instance::state)
      .filter("image-id", Instance::imageId)
      .filter("instance-type", Instance::instanceType)
      .filter("subnet-id", Instance::subnetId)
      .filter("vpc-id", Instance::vpcId)
      .filter("availability-zone-id", Instance::zoneId)
      .filter("owner-id", Instance::ownerId);

  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("InstanceIds", "Filters", "MaxResults", "NextToken");
    Account viewer = call.account();
    List<Instance> chosen = call.chosen(Owned.INSTANCE, p.strings("InstanceIds"));
    ObjectNode page = QUERY.run(p, chosen, "Instances", i -> instance(i, viewer, call.state()));
    // AWS groups instances by reservation; plemu puts each instance in a reservation of its own
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode reservations = out.putArray("Reservations");
    page.get("Instances").forEach(i -> {
      ObjectNode r = reservations.addObject();
      r.put("ReservationId", "r-" + i.get("InstanceId").asText().substring(2));
      r.put("OwnerId", viewer.accountId());
      r.putArray("Groups");
      r.putArray("Instances").add(i);
    });
    if (page.has("NextToken")) out.set("NextToken", page.get("NextToken"));
    return VpcApi.done(out);
  }

  private static CompletionStage<JsonNode> terminate(ApiCall call) {
    Params p = call.params().allow("InstanceIds");
    return call.write(new InstanceActions.TerminateInstances(call.caller(), p.strings("InstanceIds")))
        .thenApply(result -> {
          @SuppressWarnings("unchecked")
          List<Instance> before = (List<Instance>) result;
          ObjectNode out = JsonNodeFactory.instance.objectNode();
          ArrayNode list = out.putArray("TerminatingInstances");
          for (Instance i : before) {
            ObjectNode t = list.addObject();
            t.put("InstanceId", i.instanceId());
            t.putObject("CurrentState").put("Code", 32).put("Name", "shutting-down");
            t.putObject("PreviousState").put("Code", i.running() ? 16 : 48).put("Name", i.state());
          }
          return out;
        });
  }
}
