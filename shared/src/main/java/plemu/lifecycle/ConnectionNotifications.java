package plemu.lifecycle;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import plemu.controlplane.Desired;
import plemu.controlplane.PublishSource;
import plemu.model.ConnectionNotification;
import plemu.model.EndpointService;
import plemu.model.Topic;
import plemu.model.VpcEndpoint;

/**
 * What the connection events of one write publish, decided by the writer with the state of that
 * very write: for each connection notification that wants an event, an SNS-style message on its
 * topic (one {@link Delivery} per HTTP(S) subscription, and a {@code TopicMessage} event for the
 * topic's owner), or, when the topic is gone or its policy does not let vpce.amazonaws.com publish,
 * a {@code ConnectionNotificationFailed} event for the notification's owner and nothing sent.
 */
public final class ConnectionNotifications {
  private ConnectionNotifications() {}

  /** The messages to deliver and the events to log. */
  public record Published(List<Delivery> deliveries, List<LifecycleEvents.Event> events) {}

  /**
   * @param idPrefix   a prefix that sorts after every earlier write's; deliveries get {@code <prefix>-<n>}
   * @param messageIds the SNS MessageId of each message
   */
  public static Published of(List<LifecycleEvents.Event> events, Desired before, Desired after, Instant now,
      String idPrefix, Supplier<String> messageIds) {
    List<Delivery> deliveries = new ArrayList<>();
    List<LifecycleEvents.Event> logged = new ArrayList<>();
    for (LifecycleEvents.Event e : events) {
      if (!e.type().equals("VpcEndpointConnection")) continue;
      String event = e.detail().get("ConnectionEvent");
      String endpointId = e.detail().get("VpcEndpointId");
      String serviceId = e.detail().get("ServiceId");
      for (ConnectionNotification n : after.connectionNotifications().values()) {
        if (!n.wants(event, endpointId, serviceId)) continue;
        Topic topic = after.topics().get(n.topicArn());
        PublishSource source = source(n, before, after);
        if (topic == null || source == null || !source.allowedBy(topic)) {
          logged.add(failed(n, event, endpointId, topic == null ? "the topic no longer exists"
              : "the topic policy does not allow vpce.amazonaws.com to publish for " + (source == null ? "it"
                  : source.arn())));
          continue;
        }
        String messageId = messageIds.get();
        String body = message(messageId, topic, e, now);
        Map<String, String> feed = new LinkedHashMap<>();
        feed.put("TopicArn", topic.topicArn());
        feed.put("MessageId", messageId);
        feed.put("Message", body);
        logged.add(new LifecycleEvents.Event("TopicMessage", Set.of(topic.ownerId()), feed));
        for (Topic.Subscription sub : topic.subscriptions())
          deliveries.add(new Delivery(String.format(Locale.ROOT, "%s-%04d", idPrefix, deliveries.size()), topic.topicArn(), topic.ownerId(),
              sub.subscriptionArn(), sub.endpoint(), messageId, body, now.toEpochMilli(), 0, now.toEpochMilli()));
      }
    }
    return new Published(deliveries, logged);
  }

  /** The service (a provider's notification) or the endpoint (a consumer's), as it was or is. */
  private static PublishSource source(ConnectionNotification n, Desired before, Desired after) {
    if (n.serviceId() != null) {
      EndpointService svc = after.endpointServices().getOrDefault(n.serviceId(),
          before.endpointServices().get(n.serviceId()));
      return svc == null ? null : PublishSource.of(svc);
    }
    VpcEndpoint endpoint = after.vpcEndpoints().getOrDefault(n.vpcEndpointId(),
        before.vpcEndpoints().get(n.vpcEndpointId()));
    return endpoint == null ? null : PublishSource.of(endpoint);
  }

  private static LifecycleEvents.Event failed(ConnectionNotification n, String event, String endpointId, String why) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("ConnectionNotificationId", n.connectionNotificationId());
    d.put("ConnectionNotificationArn", n.topicArn());
    d.put("ConnectionEvent", event);
    d.put("VpcEndpointId", endpointId);
    d.put("Error", why);
    return new LifecycleEvents.Event("ConnectionNotificationFailed", Set.of(n.ownerId()), d);
  }

  /** The SNS HTTP notification body; {@code Message} carries the connection event (plemu's shape, see README). */
  static String message(String messageId, Topic topic, LifecycleEvents.Event e, Instant now) {
    ObjectNode inner = JsonNodeFactory.instance.objectNode();
    inner.put("EventType", e.detail().get("ConnectionEvent"));
    inner.put("ServiceId", e.detail().get("ServiceId"));
    inner.put("VpcEndpointId", e.detail().get("VpcEndpointId"));
    inner.put("VpcEndpointOwner", e.detail().get("VpcEndpointOwner"));
    inner.put("VpcEndpointState", e.detail().get("VpcEndpointState"));
    inner.put("Region", e.detail().get("Region"));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("Type", "Notification");
    o.put("MessageId", messageId);
    o.put("TopicArn", topic.topicArn());
    o.put("Subject", "VPC Endpoint Connection Notification");
    o.put("Message", inner.toString());
    o.put("Timestamp", now.toString());
    o.put("SignatureVersion", "1");
    o.put("Signature", "");
    o.put("SigningCertURL", "");
    o.put("UnsubscribeURL", "");
    return o.toString();
  }
}
