package plemu.controlplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import plemu.model.ConnectionNotification;
import plemu.model.Topic;

/**
 * Create/Modify/DeleteVpcEndpointConnectionNotification(s): connection events of a service (its
 * owner) or of an endpoint (its owner) published to a topic. The topic's policy must let
 * {@code vpce.amazonaws.com} publish for the service ({@link TopicPolicy}), or the notification is
 * refused ({@code InvalidConnectionNotification}).
 */
public final class ConnectionNotificationActions {
  private ConnectionNotificationActions() {}

  static final Set<String> EVENTS = Set.of("Accept", "Connect", "Delete", "Reject");

  public record CreateVpcEndpointConnectionNotification(Caller caller, String serviceId, String vpcEndpointId,
      String topicArn, List<String> events) implements Mutation {
    @Override
    public ConnectionNotification apply(Desired.Builder s, IdSource ids) {
      if ((serviceId == null) == (vpcEndpointId == null))
        throw AwsError.badRequest("InvalidParameter", "Give exactly one of ServiceId and VpcEndpointId").exception();
      PublishSource source = serviceId != null ? PublishSource.of(Owned.ENDPOINT_SERVICE.get(s, caller, serviceId))
          : PublishSource.of(Owned.VPC_ENDPOINT.get(s, caller, vpcEndpointId));
      checkEvents(events);
      checkTopic(s, topicArn, source);
      String id = s.newId(Table.CONNECTION_NOTIFICATIONS, "vpce-nfn", ids);
      ConnectionNotification n = new ConnectionNotification(id, caller.accountId(), caller.region(), serviceId,
          vpcEndpointId, topicArn, events);
      s.put(Table.CONNECTION_NOTIFICATIONS, id, n);
      return n;
    }
  }

  public record ModifyVpcEndpointConnectionNotification(Caller caller, String connectionNotificationId,
      String topicArn, List<String> events) implements Mutation {
    @Override
    public ConnectionNotification apply(Desired.Builder s, IdSource ids) {
      ConnectionNotification n = Owned.CONNECTION_NOTIFICATION.get(s, caller, connectionNotificationId);
      List<String> newEvents = events.isEmpty() ? n.events() : events;
      String newTopic = topicArn == null ? n.topicArn() : topicArn;
      checkEvents(newEvents);
      PublishSource source = n.serviceId() != null
          ? s.get(Table.ENDPOINT_SERVICES, n.serviceId()).map(PublishSource::of).orElse(null)
          : s.get(Table.VPC_ENDPOINTS, n.vpcEndpointId()).map(PublishSource::of).orElse(null);
      checkTopic(s, newTopic, source);
      ConnectionNotification changed = new ConnectionNotification(n.connectionNotificationId(), n.ownerId(), n.region(),
          n.serviceId(), n.vpcEndpointId(), newTopic, newEvents);
      s.put(Table.CONNECTION_NOTIFICATIONS, n.connectionNotificationId(), changed);
      return changed;
    }
  }

  public record DeleteVpcEndpointConnectionNotifications(Caller caller, List<String> connectionNotificationIds)
      implements Mutation {
    @Override
    public List<Unsuccessful> apply(Desired.Builder s, IdSource ids) {
      if (connectionNotificationIds.isEmpty()) throw AwsError.missingParameter("ConnectionNotificationIds").exception();
      List<Unsuccessful> failed = new ArrayList<>();
      for (String id : connectionNotificationIds) {
        try {
          Owned.CONNECTION_NOTIFICATION.getInBatch(s, caller, id);
          s.remove(Table.CONNECTION_NOTIFICATIONS, id);
        } catch (AwsException e) {
          failed.add(new Unsuccessful(id, e.error()));
        }
      }
      return failed;
    }
  }

  private static void checkEvents(List<String> events) {
    if (events.isEmpty()) throw AwsError.missingParameter("ConnectionEvents").exception();
    for (String e : events)
      if (!EVENTS.contains(e))
        throw AwsError.badRequest("InvalidParameter", "Invalid connection event '" + e + "': Accept, Connect, Delete or"
            + " Reject").exception();
  }

  private static void checkTopic(Desired.Builder s, String topicArn, PublishSource source) {
    if (topicArn == null || topicArn.isEmpty()) throw AwsError.missingParameter("ConnectionNotificationArn").exception();
    Topic topic = s.get(Table.TOPICS, topicArn).orElse(null);
    boolean allowed = topic != null && source != null && source.allowedBy(topic);
    if (!allowed)
      throw AwsError.badRequest("InvalidConnectionNotification", topic == null
          ? "The SNS topic " + topicArn + " does not exist"
          : "The SNS topic policy of " + topicArn + " does not allow vpce.amazonaws.com to publish (SNS:Publish) for "
              + (source == null ? "a resource that no longer exists" : source.arn())).exception();
  }
}
