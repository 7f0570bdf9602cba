package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.controlplane.Owned;
import plemu.controlplane.TopicActions;
import plemu.model.Topic;

/**
 * The emulator's SNS-like topics for connection notifications, with SNS's action and member names:
 * CreateTopic, DeleteTopic, ListTopics, SetTopicAttributes, GetTopicAttributes, Subscribe,
 * Unsubscribe, ListSubscriptionsByTopic, GetSubscriptionAttributes.
 */
final class SnsApi {
  private SnsApi() {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  static void register(Map<String, Action> actions) {
    actions.put("CreateTopic", new Action(Access.ACCOUNT, SnsApi::create));
    actions.put("DeleteTopic", new Action(Access.ACCOUNT, SnsApi::delete));
    actions.put("ListTopics", new Action(Access.ACCOUNT, SnsApi::list));
    actions.put("SetTopicAttributes", new Action(Access.ACCOUNT, SnsApi::setAttributes));
    actions.put("GetTopicAttributes", new Action(Access.ACCOUNT, SnsApi::getAttributes));
    actions.put("Subscribe", new Action(Access.ACCOUNT, SnsApi::subscribe));
    actions.put("Unsubscribe", new Action(Access.ACCOUNT, SnsApi::unsubscribe));
    actions.put("ListSubscriptionsByTopic", new Action(Access.ACCOUNT, SnsApi::listSubscriptions));
    actions.put("GetSubscriptionAttributes", new Action(Access.ACCOUNT, SnsApi::getSubscriptionAttributes));
  }

  private static CompletionStage<JsonNode> create(ApiCall call) {
    Params p = call.params().allow("Name", "Attributes", "Tags");
    if (p.has("Tags") && !p.array("Tags").isEmpty())
      throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Tags: plemu does not keep tags on topics")
          .exception();
    Map<String, String> attributes = new java.util.HashMap<>();
    JsonNode given = p.raw("Attributes");
    if (given != null && !given.isNull()) {
      if (!given.isObject())
        throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Attributes: a map of name to value").exception();
      given.fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
    }
    return call.write(new TopicActions.CreateTopic(call.caller(), p.requiredString("Name"), attributes))
        .thenApply(t -> F.objectNode().put("TopicArn", ((Topic) t).topicArn()));
  }

  private static CompletionStage<JsonNode> delete(ApiCall call) {
    Params p = call.params().allow("TopicArn");
    return call.write(new TopicActions.DeleteTopic(call.caller(), p.requiredString("TopicArn"))).thenApply(t -> F.objectNode());
  }

  private static CompletionStage<JsonNode> list(ApiCall call) {
    call.params().allow("NextToken");
    ObjectNode o = F.objectNode();
    ArrayNode topics = o.putArray("Topics");
    call.mine(Owned.TOPIC).stream()
        .sorted(Comparator.comparing(Topic::topicArn))
        .forEach(t -> topics.addObject().put("TopicArn", t.topicArn()));
    return VpcApi.done(o);
  }

  private static CompletionStage<JsonNode> setAttributes(ApiCall call) {
    Params p = call.params().allow("TopicArn", "AttributeName", "AttributeValue");
    return call.write(new TopicActions.SetTopicAttributes(call.caller(), p.requiredString("TopicArn"),
        p.requiredString("AttributeName"), p.string("AttributeValue"))).thenApply(t -> F.objectNode());
  }

  private static CompletionStage<JsonNode> getAttributes(ApiCall call) {
    Params p = call.params().allow("TopicArn");
    Topic t = call.owned(Owned.TOPIC, p.requiredString("TopicArn"));
    ObjectNode o = F.objectNode();
    ObjectNode a = o.putObject("Attributes");
    a.put("TopicArn", t.topicArn()).put("Owner", t.ownerId())
        .put("SubscriptionsConfirmed", String.valueOf(t.subscriptions().size())).put("SubscriptionsPending", "0");
    if (t.policy() != null) a.put("Policy", t.policy());
    return VpcApi.done(o);
  }

  private static CompletionStage<JsonNode> subscribe(ApiCall call) {
    Params p = call.params().allow("TopicArn", "Protocol", "Endpoint", "Attributes", "ReturnSubscriptionArn");
    return call.write(new TopicActions.Subscribe(call.caller(), p.requiredString("TopicArn"), p.requiredString("Protocol"),
        p.requiredString("Endpoint"))).thenApply(s -> F.objectNode().put("SubscriptionArn",
            ((Topic.Subscription) s).subscriptionArn()));
  }

  private static CompletionStage<JsonNode> unsubscribe(ApiCall call) {
    Params p = call.params().allow("SubscriptionArn");
    return call.write(new TopicActions.Unsubscribe(call.caller(), p.requiredString("SubscriptionArn")))
        .thenApply(t -> F.objectNode());
  }

  private static CompletionStage<JsonNode> listSubscriptions(ApiCall call) {
    Params p = call.params().allow("TopicArn", "NextToken");
    Topic t = call.owned(Owned.TOPIC, p.requiredString("TopicArn"));
    ObjectNode o = F.objectNode();
    ArrayNode subs = o.putArray("Subscriptions");
    for (Topic.Subscription s : t.subscriptions())
      subs.addObject().put("SubscriptionArn", s.subscriptionArn()).put("Owner", t.ownerId()).put("Protocol", s.protocol())
          .put("Endpoint", s.endpoint()).put("TopicArn", t.topicArn());
    return VpcApi.done(o);
  }

  private static CompletionStage<JsonNode> getSubscriptionAttributes(ApiCall call) {
    Params p = call.params().allow("SubscriptionArn");
    Owned.TopicSubscription found = Owned.subscription(call.state(), call.caller(), p.requiredString("SubscriptionArn"));
    Topic.Subscription s = found.subscription();
    ObjectNode o = F.objectNode();
    o.putObject("Attributes").put("SubscriptionArn", s.subscriptionArn()).put("TopicArn", found.topic().topicArn())
        .put("Owner", found.topic().ownerId()).put("Protocol", s.protocol()).put("Endpoint", s.endpoint())
        .put("PendingConfirmation", "false").put("ConfirmationWasAuthenticated", "true").put("RawMessageDelivery", "false");
    return VpcApi.done(o);
  }
}
