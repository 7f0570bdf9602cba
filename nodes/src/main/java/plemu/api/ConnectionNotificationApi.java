package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.ConnectionNotificationActions;
import plemu.controlplane.Idempotent;
import plemu.controlplane.Owned;
import plemu.controlplane.Unsuccessful;
import plemu.model.ConnectionNotification;

/** Create/Describe/Modify/DeleteVpcEndpointConnectionNotification(s). */
final class ConnectionNotificationApi {
  private ConnectionNotificationApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("CreateVpcEndpointConnectionNotification", new Action(Access.ACCOUNT, ConnectionNotificationApi::create));
    actions.put("DescribeVpcEndpointConnectionNotifications", new Action(Access.ACCOUNT, ConnectionNotificationApi::describe));
    actions.put("ModifyVpcEndpointConnectionNotification", new Action(Access.ACCOUNT, ConnectionNotificationApi::modify));
    actions.put("DeleteVpcEndpointConnectionNotifications", new Action(Access.ACCOUNT, ConnectionNotificationApi::delete));
  }

  static ObjectNode json(ConnectionNotification n) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("ConnectionNotificationId", n.connectionNotificationId());
    if (n.serviceId() != null) o.put("ServiceId", n.serviceId());
    if (n.vpcEndpointId() != null) o.put("VpcEndpointId", n.vpcEndpointId());
    o.put("ConnectionNotificationType", "Topic");
    o.put("ConnectionNotificationArn", n.topicArn());
    n.events().forEach(o.putArray("ConnectionEvents")::add);
    o.put("ConnectionNotificationState", "Enabled");
    o.put("ServiceRegion", n.region());
    return o;
  }

  private static CompletionStage<JsonNode> create(ApiCall call) {
    Params p = call.params().allow("ServiceId", "VpcEndpointId", "ConnectionNotificationArn", "ConnectionEvents",
        "ClientToken");
    String token = p.string("ClientToken");
    return call.write(new Idempotent(call.caller(), "CreateVpcEndpointConnectionNotification", token,
            new ConnectionNotificationActions.CreateVpcEndpointConnectionNotification(call.caller(),
                p.string("ServiceId"), p.string("VpcEndpointId"), p.requiredString("ConnectionNotificationArn"),
                p.strings("ConnectionEvents"))))
        .thenApply(n -> EndpointApi.withClientToken(JsonNodeFactory.instance.objectNode()
            .set("ConnectionNotification", json((ConnectionNotification) n)), token));
  }

  private static final DescribeQuery<ConnectionNotification> QUERY =
      new DescribeQuery<ConnectionNotification>(ConnectionNotification::connectionNotificationId, n -> List.of())
          .filter("connection-notification-arn", ConnectionNotification::topicArn)
          .filter("connection-notification-id", ConnectionNotification::connectionNotificationId)
          .filter("connection-notification-state", n -> "Enabled")
          .filter("connection-notification-type", n -> "Topic")
          .filter("service-id", n -> n.serviceId() == null ? "" : n.serviceId())
          .filter("vpc-endpoint-id", n -> n.vpcEndpointId() == null ? "" : n.vpcEndpointId());

  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("ConnectionNotificationId", "Filters", "MaxResults", "NextToken");
    String id = p.string("ConnectionNotificationId");
    List<ConnectionNotification> mine = call.chosen(Owned.CONNECTION_NOTIFICATION, id == null ? List.of() : List.of(id));
    return VpcApi.done(QUERY.run(p, mine, "ConnectionNotificationSet", ConnectionNotificationApi::json));
  }

  private static CompletionStage<JsonNode> modify(ApiCall call) {
    Params p = call.params().allow("ConnectionNotificationId", "ConnectionNotificationArn", "ConnectionEvents");
    return call.write(new ConnectionNotificationActions.ModifyVpcEndpointConnectionNotification(call.caller(),
            p.requiredString("ConnectionNotificationId"), p.string("ConnectionNotificationArn"),
            p.strings("ConnectionEvents")))
        .thenApply(n -> (JsonNode) JsonNodeFactory.instance.objectNode().put("ReturnValue", true));
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<JsonNode> delete(ApiCall call) {
    Params p = call.params().allow("ConnectionNotificationIds");
    return call.write(new ConnectionNotificationActions.DeleteVpcEndpointConnectionNotifications(call.caller(),
            p.strings("ConnectionNotificationIds")))
        .thenApply(failed -> EndpointJson.unsuccessful((List<Unsuccessful>) failed));
  }
}
