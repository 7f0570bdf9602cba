package plemu.model;

import java.util.List;

/**
 * An SNS-like topic of the emulator, for connection notifications: its access policy (the JSON
 * document SetTopicAttributes sets; null: SNS's default, the owner account only) and its HTTP(S)
 * subscriptions, which plemu delivers to (loopback URLs only).
 */
public record Topic(String topicArn, String ownerId, String region, String name, String policy,
    List<Subscription> subscriptions, long createdTime) implements KryoSerializable {
  public Topic {
    subscriptions = List.copyOf(subscriptions);
  }

  /** One subscription: its ARN, {@code http} or {@code https}, and the URL. */
  public record Subscription(String subscriptionArn, String protocol, String endpoint) implements KryoSerializable {}

  public Topic withPolicy(String newPolicy) {
    return new Topic(topicArn, ownerId, region, name, newPolicy, subscriptions, createdTime);
  }

  public Topic withSubscriptions(List<Subscription> subs) {
    return new Topic(topicArn, ownerId, region, name, policy, subs, createdTime);
  }
}
