package plemu.controlplane;

import plemu.model.EndpointService;
import plemu.model.Topic;
import plemu.model.VpcEndpoint;

/**
 * On whose behalf vpce.amazonaws.com publishes a connection notification, as a topic policy sees it
 * ({@code aws:SourceArn}, {@code aws:SourceAccount}): the endpoint service and its owner for a
 * provider's notification (as AWS documents), the endpoint and its owner for a consumer's
 * notification on its endpoint (AWS documents only the first; plemu's choice, see README).
 */
public record PublishSource(String arn, String account) {
  public static PublishSource of(EndpointService service) {
    return new PublishSource(service.arn(), service.ownerId());
  }

  public static PublishSource of(VpcEndpoint endpoint) {
    return new PublishSource(endpoint.arn(), endpoint.ownerId());
  }

  public boolean allowedBy(Topic topic) {
    return TopicPolicy.allowsPublish(topic.policy(), topic.topicArn(), arn, account);
  }
}
