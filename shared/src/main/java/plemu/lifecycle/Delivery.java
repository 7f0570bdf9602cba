package plemu.lifecycle;

import java.time.Duration;
import plemu.model.KryoSerializable;

/**
 * One SNS-style message still to be POSTed to one subscription, kept in the replicated outbox until
 * the subscriber answers 2xx or the last retry fails: published at {@code publishedMillis},
 * {@code attempts} made so far, the next one not before {@code notBeforeMillis}.
 */
public record Delivery(String id, String topicArn, String topicOwner, String subscriptionArn, String url,
    String messageId, String body, long publishedMillis, int attempts, long notBeforeMillis)
    implements KryoSerializable {

  /** The same message after one more failed attempt, due again after {@code delay}. */
  public Delivery failedOnce(long nowMillis, Duration delay) {
    return new Delivery(id, topicArn, topicOwner, subscriptionArn, url, messageId, body, publishedMillis, attempts + 1,
        nowMillis + delay.toMillis());
  }
}
