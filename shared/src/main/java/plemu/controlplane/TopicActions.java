package plemu.controlplane;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import plemu.model.Topic;

/**
 * The emulator's SNS-like topics (SNS's action names): CreateTopic, DeleteTopic, SetTopicAttributes
 * (the access {@code Policy}), Subscribe (an http/https URL on loopback: plemu never sends anywhere
 * else), Unsubscribe. Subscriptions are confirmed at once.
 */
public final class TopicActions {
  private TopicActions() {}

  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,256}");

  /** Creates a topic, or returns the caller's topic of that name (SNS's CreateTopic is idempotent). */
  /**
   * Creates a topic, with its attributes ({@code Policy}; {@code DisplayName} and
   * {@code DeliveryPolicy} accepted, not used). As SNS: creating an existing topic returns it,
   * unless the attributes differ.
   */
  public record CreateTopic(Caller caller, String name, Map<String, String> attributes) implements Mutation {
    public CreateTopic {
      attributes = Map.copyOf(attributes);
    }

    @Override
    public Topic apply(Desired.Builder s, IdSource ids) {
      Lookups.account(s, caller);
      if (name == null || !NAME.matcher(name).matches())
        throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Topic Name").exception();
      for (String attribute : attributes.keySet())
        if (!ATTRIBUTES.contains(attribute))
          throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Attributes Reason: Unknown attribute "
              + attribute).exception();
      String policy = attributes.get("Policy");
      if (policy != null && !policy.isBlank()) TopicPolicy.parse(policy);
      else policy = null;
      String arn = Arns.topic(caller, name);
      var existing = s.get(Table.TOPICS, arn);
      if (existing.isPresent()) {
        if (attributes.containsKey("Policy") && !java.util.Objects.equals(existing.get().policy(), policy))
          throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Attributes Reason: Topic already exists "
              + "with different attributes").exception();
        return existing.get();
      }
      Topic topic = new Topic(arn, caller.accountId(), caller.region(), name, policy, List.of(), ids.now());
      s.put(Table.TOPICS, arn, topic);
      return topic;
    }
  }

  /** The topic attributes plemu takes (only Policy has an effect). */
  static final Set<String> ATTRIBUTES = Set.of("Policy", "DisplayName", "DeliveryPolicy");

  public record DeleteTopic(Caller caller, String topicArn) implements Mutation {
    @Override
    public Topic apply(Desired.Builder s, IdSource ids) {
      Topic t = owned(s, caller, topicArn);
      s.remove(Table.TOPICS, t.topicArn());
      return t;
    }
  }

  /** Sets {@code Policy} (a JSON policy document) or {@code DisplayName} (accepted, not used). */
  public record SetTopicAttributes(Caller caller, String topicArn, String attributeName, String attributeValue)
      implements Mutation {
    @Override
    public Topic apply(Desired.Builder s, IdSource ids) {
      Topic t = owned(s, caller, topicArn);
      if (!ATTRIBUTES.contains(attributeName))
        throw AwsError.badRequest("InvalidParameter", "Invalid parameter: AttributeName").exception();
      if (!attributeName.equals("Policy")) return t;
      if (attributeValue != null && !attributeValue.isBlank()) TopicPolicy.parse(attributeValue);
      Topic changed = t.withPolicy(attributeValue == null || attributeValue.isBlank() ? null : attributeValue);
      s.put(Table.TOPICS, t.topicArn(), changed);
      return changed;
    }
  }

  public record Subscribe(Caller caller, String topicArn, String protocol, String endpoint) implements Mutation {
    @Override
    public Topic.Subscription apply(Desired.Builder s, IdSource ids) {
      Topic t = owned(s, caller, topicArn);
      if (protocol == null || !(protocol.equals("http") || protocol.equals("https")))
        throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Protocol: plemu delivers to http and https"
            + " endpoints").exception();
      checkLoopbackUrl(protocol, endpoint);
      for (Topic.Subscription sub : t.subscriptions())
        if (sub.endpoint().equals(endpoint) && sub.protocol().equals(protocol)) return sub;
      Topic.Subscription sub = new Topic.Subscription(t.topicArn() + ":" + new UUID(ids.nextLong(), ids.nextLong()),
          protocol, endpoint);
      List<Topic.Subscription> subs = new ArrayList<>(t.subscriptions());
      subs.add(sub);
      s.put(Table.TOPICS, t.topicArn(), t.withSubscriptions(subs));
      return sub;
    }
  }

  public record Unsubscribe(Caller caller, String subscriptionArn) implements Mutation {
    @Override
    public Topic apply(Desired.Builder s, IdSource ids) {
      Topic t = Owned.subscription(s, caller, subscriptionArn).topic();
      List<Topic.Subscription> subs = new ArrayList<>(t.subscriptions());
      subs.removeIf(x -> x.subscriptionArn().equals(subscriptionArn));
      Topic changed = t.withSubscriptions(subs);
      s.put(Table.TOPICS, t.topicArn(), changed);
      return changed;
    }
  }

  /** The caller's topic in its region, or SNS's answer (InvalidParameter for a bad ARN, 404 NotFound). */
  private static Topic owned(Desired.Builder s, Caller caller, String topicArn) {
    Lookups.account(s, caller);
    return Owned.TOPIC.get(s, caller, topicArn);
  }

  /** Network safety: a webhook must be on a loopback address (or localhost). */
  static void checkLoopbackUrl(String protocol, String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint == null ? "" : endpoint);
    } catch (IllegalArgumentException e) {
      throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Endpoint is not a URL").exception();
    }
    String host = uri.getHost();
    boolean loopback = host != null && (host.equals("localhost") || host.equals("[::1]") || host.equals("::1")
        || plemu.model.Ipv4.isValid(host) && plemu.model.Ipv4.isLoopback(plemu.model.Ipv4.parse(host)));
    if (!protocol.equals(uri.getScheme()) || !loopback)
      throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Endpoint: plemu delivers only to " + protocol
          + "://127.x.y.z (loopback) URLs, not to " + endpoint).exception();
  }
}
