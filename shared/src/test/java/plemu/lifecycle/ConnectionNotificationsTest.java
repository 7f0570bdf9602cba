package plemu.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;
import plemu.model.ConnectionNotification;
import plemu.model.Topic;
import plemu.model.VpcEndpoint;

class ConnectionNotificationsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  static final String TOPIC = "arn:aws:sns:us-east-1:111111111111:t";
  static final VpcEndpoint E = LifecycleEventsTest.E;

  static String policy(String sourceArn) {
    return "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"vpce.amazonaws.com\"},\"Action\":"
        + "\"SNS:Publish\",\"Resource\":\"*\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + sourceArn + "\"}}}]}";
  }

  static Desired with(String policy, ConnectionNotification n, VpcEndpoint... endpoints) {
    Desired.Builder b = LifecycleEventsTest.with(endpoints).toBuilder();
    b.put(Table.TOPICS, TOPIC, new Topic(TOPIC, "111111111111", "us-east-1", "t", policy, List.of(
        new Topic.Subscription(TOPIC + ":1", "http", "http://127.0.0.1:9/a"),
        new Topic.Subscription(TOPIC + ":2", "https", "https://127.0.0.1:9/b")), 1L));
    b.put(Table.CONNECTION_NOTIFICATIONS, n.connectionNotificationId(), n);
    return b.build();
  }

  static ConnectionNotification onService(List<String> events) {
    return new ConnectionNotification("vpce-nfn-0123456789abcdef0", "111111111111", "us-east-1",
        LifecycleEventsTest.SVC.serviceId(), null, TOPIC, events);
  }

  static ConnectionNotifications.Published publish(Desired before, Desired after) {
    AtomicInteger ids = new AtomicInteger();
    return ConnectionNotifications.of(LifecycleEvents.between(before, after), before, after, NOW, "p",
        () -> "m-" + ids.incrementAndGet());
  }

  @Test
  void aWantedEventIsOneMessageToEverySubscriptionAndOneTopicMessage() throws Exception {
    var n = onService(List.of("Connect"));
    String policy = policy(LifecycleEventsTest.SVC.arn());
    var out = publish(with(policy, n), with(policy, n, E));
    assertEquals(2, out.deliveries().size());
    Delivery first = out.deliveries().get(0);
    assertEquals("p-0000", first.id());
    assertEquals(List.of("http://127.0.0.1:9/a", "https://127.0.0.1:9/b"),
        out.deliveries().stream().map(Delivery::url).toList());
    assertEquals(0, first.attempts());
    assertEquals(NOW.toEpochMilli(), first.notBeforeMillis());
    assertEquals("m-1", out.deliveries().get(1).messageId(), "one message, the same id to every subscription");
    JsonNode body = JSON.readTree(first.body());
    assertEquals("Notification", body.get("Type").asText());
    assertEquals(TOPIC, body.get("TopicArn").asText());
    JsonNode message = JSON.readTree(body.get("Message").asText());
    assertEquals("Connect", message.get("EventType").asText());
    assertEquals(E.vpcEndpointId(), message.get("VpcEndpointId").asText());
    assertEquals("pendingAcceptance", message.get("VpcEndpointState").asText());
    assertEquals(1, out.events().size());
    assertEquals("TopicMessage", out.events().get(0).type());
    assertEquals(Set.of("111111111111"), out.events().get(0).accounts());
  }

  @Test
  void eventsTheNotificationDoesNotWantPublishNothing() {
    var n = onService(List.of("Accept"));
    String policy = policy(LifecycleEventsTest.SVC.arn());
    var out = publish(with(policy, n), with(policy, n, E));
    assertEquals(List.of(), out.deliveries());
    assertEquals(List.of(), out.events());
  }

  @Test
  void aPolicyThatDoesNotAllowTheSourceSendsNothingAndTellsTheNotificationsOwner() {
    // a consumer's notification on its endpoint: the endpoint is the source, not the service
    var n = new ConnectionNotification("vpce-nfn-0123456789abcdef1", E.ownerId(), "us-east-1", null,
        E.vpcEndpointId(), TOPIC, List.of("Accept"));
    String servicePolicy = policy(LifecycleEventsTest.SVC.arn());
    var refused = publish(with(servicePolicy, n, E), with(servicePolicy, n, E.withState("pending")));
    assertEquals(List.of(), refused.deliveries());
    var failed = refused.events().get(0);
    assertEquals("ConnectionNotificationFailed", failed.type());
    assertEquals(Set.of(E.ownerId()), failed.accounts());
    assertEquals("Accept", failed.detail().get("ConnectionEvent"));
    assertTrue(failed.detail().get("Error").contains(E.arn()), failed.detail().toString());

    String endpointPolicy = policy(E.arn());
    var sent = publish(with(endpointPolicy, n, E), with(endpointPolicy, n, E.withState("pending")));
    assertEquals(2, sent.deliveries().size());
  }
}
