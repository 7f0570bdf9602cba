package plemu.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import plemu.controlplane.Desired;
import plemu.controlplane.TopicPolicy;
import plemu.lifecycle.LifecycleEvents;
import plemu.model.ConnectionNotification;
import plemu.model.EndpointService;
import plemu.model.RegionInfo;
import plemu.model.Topic;

/**
 * Delivers connection notifications, on the region's node: each connection event (Connect, Accept,
 * Reject, Delete) that a notification wants becomes an SNS-style message on its topic, POSTed to
 * every HTTP(S) subscription (loopback only) until it answers 2xx, retried after 1, 2, 4, 8 and
 * 16 s (at least once), and shown to the topic's owner on GET /v1/events as {@code TopicMessage}.
 * When the topic's policy no longer lets vpce.amazonaws.com publish, nothing is sent and the
 * notification's owner gets a {@code ConnectionNotificationFailed} event.
 */
public final class NotificationDelivery {
  private NotificationDelivery() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 6;

  public interface Command {}

  public record StateChanged(Desired state) implements Command {}

  private record Attempt(String url, String subscriptionArn, String topicArn, String messageId, String body, int n)
      implements Command {}

  private record Answered(Attempt attempt, int status, String failure) implements Command {}

  private record Baseline(Desired state) implements Command {}

  /** A connection event, matched against the notifications and topics a moment after it happened. */
  private record Due(LifecycleEvents.Event event, Desired before) implements Command {}

  /**
   * How long after an event its notifications are looked up. The replicated tables reach this node
   * one by one, in no particular order within ~200 ms (notify-subscribers-interval): a subscription
   * or notification written just before an endpoint may arrive just after it.
   */
  private static final Duration SETTLE = Duration.ofMillis(600);

  public static Behavior<Command> create(String nodeName, String region, EventStream events) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      // as EventHub: no events before the baseline (the state once the replicator has loaded it)
      Desired[] last = {null};
      ctx.pipeToSelf(new plemu.state.ReplicatedState(ctx.getSystem()).readLocal(Duration.ofSeconds(10)),
          (desired, failure) -> new Baseline(failure == null ? desired : Desired.empty()));
      return Behaviors.receive(Command.class)
          .onMessage(StateChanged.class, changed -> {
            Desired before = last[0];
            if (before == null) return Behaviors.same();
            last[0] = changed.state();
            RegionInfo info = changed.state().regions().get(region);
            if (info == null || !info.node().equals(nodeName)) return Behaviors.same();
            for (LifecycleEvents.Event e : LifecycleEvents.between(before, changed.state()))
              if (e.type().equals("VpcEndpointConnection"))
                timers.startSingleTimer(new Object(), new Due(e, before), SETTLE);
            return Behaviors.same();
          })
          .onMessage(Baseline.class, baseline -> {
            if (last[0] == null) last[0] = baseline.state();
            return Behaviors.same();
          })
          .onMessage(Due.class, due -> {
            notify(ctx, due.event(), last[0], due.before(), events);
            return Behaviors.same();
          })
          .onMessage(Attempt.class, attempt -> {
            HttpRequest post = HttpRequest.POST(attempt.url())
                .withEntity(ContentTypes.TEXT_PLAIN_UTF8, attempt.body())
                .addHeader(RawHeader.create("x-amz-sns-message-type", "Notification"))
                .addHeader(RawHeader.create("x-amz-sns-message-id", attempt.messageId()))
                .addHeader(RawHeader.create("x-amz-sns-topic-arn", attempt.topicArn()))
                .addHeader(RawHeader.create("x-amz-sns-subscription-arn", attempt.subscriptionArn()));
            ctx.pipeToSelf(Http.get(ctx.getSystem()).singleRequest(post).thenApply(r -> {
              r.discardEntityBytes(ctx.getSystem());
              return r.status().intValue();
            }), (status, failure) -> new Answered(attempt, failure == null ? status : 0,
                failure == null ? null : failure.toString()));
            return Behaviors.same();
          })
          .onMessage(Answered.class, answered -> {
            Attempt a = answered.attempt();
            if (answered.status() >= 200 && answered.status() < 300) return Behaviors.same();
            if (a.n() + 1 >= ATTEMPTS) {
              ctx.getLog().warn("notification {} to {} given up after {} attempts (last: {})", a.messageId(), a.url(),
                  ATTEMPTS, answered.failure() != null ? answered.failure() : "HTTP " + answered.status());
              return Behaviors.same();
            }
            Attempt next = new Attempt(a.url(), a.subscriptionArn(), a.topicArn(), a.messageId(), a.body(), a.n() + 1);
            timers.startSingleTimer(a.messageId() + a.subscriptionArn(), next, Duration.ofSeconds(1L << a.n()));
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static void notify(ActorContext<Command> ctx, LifecycleEvents.Event e, Desired now, Desired before,
      EventStream events) {
    String event = e.detail().get("ConnectionEvent");
    String endpointId = e.detail().get("VpcEndpointId");
    String serviceId = e.detail().get("ServiceId");
    for (ConnectionNotification n : now.connectionNotifications().values()) {
      if (!n.wants(event, endpointId, serviceId)) continue;
      Topic topic = now.topics().get(n.topicArn());
      EndpointService svc = now.endpointServices().getOrDefault(serviceId, before.endpointServices().get(serviceId));
      if (topic == null || svc == null || !TopicPolicy.allowsPublish(topic.policy(), svc.arn(), svc.ownerId())) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("Type", "ConnectionNotificationFailed")
            .put("Time", Instant.now().toString());
        body.putObject("Detail").put("ConnectionNotificationId", n.connectionNotificationId())
            .put("ConnectionNotificationArn", n.topicArn()).put("ConnectionEvent", event).put("VpcEndpointId", endpointId)
            .put("Error", topic == null ? "the topic no longer exists"
                : "the topic policy does not allow vpce.amazonaws.com to publish");
        events.publish(new EventStream.Published("ConnectionNotificationFailed", Set.of(n.ownerId()), body));
        ctx.getLog().warn("notification {} not published to {}: refused by the topic", n.connectionNotificationId(),
            n.topicArn());
        continue;
      }
      String messageId = UUID.randomUUID().toString();
      String body = message(messageId, topic, e);
      ObjectNode feed = JsonNodeFactory.instance.objectNode().put("Type", "TopicMessage").put("Time", Instant.now().toString());
      feed.putObject("Detail").put("TopicArn", topic.topicArn()).put("MessageId", messageId).put("Message", body);
      events.publish(new EventStream.Published("TopicMessage", Set.of(topic.ownerId()), feed));
      for (Topic.Subscription sub : topic.subscriptions())
        if (loopback(sub.endpoint()))
          ctx.getSelf().tell(new Attempt(sub.endpoint(), sub.subscriptionArn(), topic.topicArn(), messageId, body, 0));
    }
  }

  /** The SNS HTTP notification body; {@code Message} carries the connection event (plemu's shape, see README). */
  static String message(String messageId, Topic topic, LifecycleEvents.Event e) {
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
    o.put("Timestamp", Instant.now().toString());
    o.put("SignatureVersion", "1");
    o.put("Signature", "");
    o.put("SigningCertURL", "");
    o.put("UnsubscribeURL", "");
    try {
      return JSON.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
      throw new IllegalStateException(x);
    }
  }

  /** Network safety, checked again at delivery: only loopback URLs. */
  private static boolean loopback(String url) {
    try {
      String host = URI.create(url).getHost();
      return host != null && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (Exception e) {
      return false;
    }
  }
}
