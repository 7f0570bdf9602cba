package plemu.model;

import java.util.List;

/**
 * A connection notification: the events ({@code Accept}, {@code Connect}, {@code Delete},
 * {@code Reject}) of one endpoint service (provider) or one endpoint (consumer) published to a topic.
 */
public record ConnectionNotification(String connectionNotificationId, String ownerId, String region, String serviceId,
    String vpcEndpointId, String topicArn, List<String> events) implements KryoSerializable {
  public ConnectionNotification {
    events = List.copyOf(events);
  }

  /** True when this notification wants {@code event} of {@code endpoint} (of service {@code serviceId}). */
  public boolean wants(String event, String endpointId, String endpointServiceId) {
    if (!events.contains(event)) return false;
    return serviceId != null ? serviceId.equals(endpointServiceId) : vpcEndpointId.equals(endpointId);
  }
}
