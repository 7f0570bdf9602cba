package plemu.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.ACCOUNT_B;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;
import plemu.testing.SelfSignedCertificate;
import plemu.testing.SseReader;
import plemu.testing.WebhookServer;

/**
 * Delivery of connection notifications from the writer's outbox: events of writes in quick
 * succession all arrive, in order; a pending retry survives a crash of the region's node; HTTPS
 * webhooks are verified against the configured trust store, and a message that never gets through
 * is given up after the last retry with an event that says why; one to a subscription that is gone is
 * dropped.
 */
class NotificationDeliveryTest extends ClusterTestBase {
  static final ObjectMapper JSON = new ObjectMapper();
  private SelfSignedCertificate trusted;

  @Override
  protected Config overrides() throws Exception {
    trusted = new SelfSignedCertificate(Files.createTempDirectory("plemu-tls"), "trusted");
    return ConfigFactory.parseMap(Map.of(
        "plemu.notifications.retry-delays", List.of("500ms", "8s", "500ms"),
        "plemu.notifications.trust-store", trusted.trustStore().toString(),
        "plemu.notifications.trust-store-password", SelfSignedCertificate.PASSWORD));
  }

  /** A service of account A requiring acceptance, open to account B, notifying every event to a new topic. */
  private record Notified(String serviceId, String serviceName, String topicArn) {}

  private Notified notifiedService(String name) {
    String lb = api.nlbInAz1(TOKEN_A, name);
    JsonNode svc = api.ok(TOKEN_A, "CreateVpcEndpointServiceConfiguration", json("NetworkLoadBalancerArns", List.of(lb),
        "AcceptanceRequired", true)).get("ServiceConfiguration");
    String serviceId = svc.get("ServiceId").asText();
    api.ok(TOKEN_A, "ModifyVpcEndpointServicePermissions", json("ServiceId", serviceId,
        "AddAllowedPrincipals", List.of("arn:aws:iam::" + ACCOUNT_B + ":root")));
    String topic = api.ok(TOKEN_A, "CreateTopic", json("Name", name)).get("TopicArn").asText();
    api.ok(TOKEN_A, "SetTopicAttributes", json("TopicArn", topic, "AttributeName", "Policy", "AttributeValue",
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"vpce.amazonaws.com\"},"
            + "\"Action\":\"SNS:Publish\",\"Resource\":\"" + topic + "\"}]}"));
    api.ok(TOKEN_A, "CreateVpcEndpointConnectionNotification", json("ServiceId", serviceId,
        "ConnectionNotificationArn", topic, "ConnectionEvents", List.of("Connect", "Accept", "Reject", "Delete")));
    return new Notified(serviceId, svc.get("ServiceName").asText(), topic);
  }

  /** The connection event and endpoint of the next message the hook receives. */
  private static String next(WebhookServer hook, int seconds) throws Exception {
    WebhookServer.Received r = hook.next(seconds);
    assertNotNull(r, "a notification within " + seconds + " s");
    JsonNode message = JSON.readTree(JSON.readTree(r.body()).get("Message").asText());
    return message.get("EventType").asText() + " " + message.get("VpcEndpointId").asText();
  }

  @Test
  void writesInQuickSuccessionAreEachNotifiedInOrder() throws Exception {
    Notified svc = notifiedService("quick");
    try (WebhookServer hook = new WebhookServer(); SseReader consumer = new SseReader(api.base(), TOKEN_B)) {
      api.ok(TOKEN_A, "Subscribe", json("TopicArn", svc.topicArn(), "Protocol", "http", "Endpoint", hook.url()));
      // as Terraform's accepter does: accept right after the request, and delete right after creating
      String accepted = api.endpointInAz1(TOKEN_B, svc.serviceName());
      api.ok(TOKEN_A, "AcceptVpcEndpointConnections", json("ServiceId", svc.serviceId(),
          "VpcEndpointIds", List.of(accepted)));
      String deleted = api.endpointInAz1(TOKEN_B, svc.serviceName());
      api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(deleted)));

      List<String> received = new ArrayList<>();
      for (int i = 0; i < 4; i++) received.add(next(hook, 15));
      assertEquals(List.of("Connect " + accepted, "Accept " + accepted, "Connect " + deleted, "Delete " + deleted),
          received);
      // the consumer's event stream shows the short-lived pendingAcceptance -> pending step too
      assertNotNull(consumer.await(e -> e.type().equals("VpcEndpointState")
          && e.data().path("Detail").path("VpcEndpointId").asText().equals(accepted)
          && e.data().path("Detail").path("From").asText().equals("pendingAcceptance")
          && e.data().path("Detail").path("State").asText().equals("pending"), Duration.ofSeconds(10)));
    }
    api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(
        api.ok(TOKEN_B, "DescribeVpcEndpoints", "").get("VpcEndpoints").get(0).get("VpcEndpointId").asText())));
  }

  @Test
  void aPendingRetrySurvivesACrashOfTheRegionNode() throws Exception {
    Notified svc = notifiedService("durable");
    try (WebhookServer hook = new WebhookServer()) {
      api.ok(TOKEN_A, "Subscribe", json("TopicArn", svc.topicArn(), "Protocol", "http", "Endpoint", hook.url()));
      hook.failNext(1_000);
      String endpoint = api.endpointInAz1(TOKEN_B, svc.serviceName());
      // the first attempt and the retry after 500 ms fail; the next retry is due 8 s later
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (hook.requests() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
      assertEquals(2, hook.requests(), "two failed attempts");
      Thread.sleep(500); // the outbox records the second failure
      String messageId = hook.failedMessageIds().get(0);

      String region = cluster.regionNode().settings().name();
      cluster.regionNode().crash(Duration.ofSeconds(20));
      hook.failNext(0);
      cluster.restart(region, Duration.ofSeconds(60));
      api = new ApiClient(cluster.apiAddress());
      api.awaitWritable(TOKEN_A, Duration.ofSeconds(30)); // for the tests after this one

      WebhookServer.Received r = hook.next(30);
      assertNotNull(r, "the retry after the restart");
      assertEquals(messageId, r.headers().get("x-amz-sns-message-id"), "the same message, retried");
      assertEquals("Connect " + endpoint, next(r));
      assertEquals(3, hook.requests(), "no attempt was repeated or lost");
    }
  }

  @Test
  void httpsWebhooksAreVerifiedAgainstTheTrustStoreAndGivenUpAfterTheLastRetry() throws Exception {
    Notified svc = notifiedService("tls");
    var untrusted = new SelfSignedCertificate(Files.createTempDirectory("plemu-tls"), "untrusted");
    try (WebhookServer good = new WebhookServer(trusted.serverContext());
        WebhookServer bad = new WebhookServer(untrusted.serverContext());
        WebhookServer gone = new WebhookServer();
        SseReader provider = new SseReader(api.base(), TOKEN_A)) {
      api.ok(TOKEN_A, "Subscribe", json("TopicArn", svc.topicArn(), "Protocol", "https", "Endpoint", good.url()));
      String badSubscription = api.ok(TOKEN_A, "Subscribe", json("TopicArn", svc.topicArn(), "Protocol", "https",
          "Endpoint", bad.url())).get("SubscriptionArn").asText();
      // a third subscriber fails too, and unsubscribes after the first retry: its message is dropped
      gone.failNext(1_000);
      String goneSubscription = api.ok(TOKEN_A, "Subscribe", json("TopicArn", svc.topicArn(), "Protocol", "http",
          "Endpoint", gone.url())).get("SubscriptionArn").asText();
      String endpoint = api.endpointInAz1(TOKEN_B, svc.serviceName());
      assertEquals("Connect " + endpoint, next(good, 15));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (gone.requests() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
      api.ok(TOKEN_A, "Unsubscribe", json("SubscriptionArn", goneSubscription));
      // the untrusted certificate fails the TLS handshake on every attempt: 4 attempts in about 9 s
      SseReader.Event failed = provider.await(e -> e.type().equals("NotificationDeliveryFailed")
          && e.data().path("Detail").path("SubscriptionArn").asText().equals(badSubscription), Duration.ofSeconds(30));
      assertNotNull(failed, "the provider is told the message was given up");
      assertEquals(4, failed.data().path("Detail").path("Attempts").asInt());
      assertTrue(failed.data().path("Detail").path("Error").asText().contains("SSLHandshakeException"),
          failed.data().toString());
      assertEquals(0, bad.requests(), "no request got through the handshake");
      Thread.sleep(500);
      assertEquals(2, gone.requests(), "no retry after Unsubscribe (the next was due 8 s after the second)");
    }
  }

  private static String next(WebhookServer.Received r) throws Exception {
    JsonNode message = JSON.readTree(JSON.readTree(r.body()).get("Message").asText());
    return message.get("EventType").asText() + " " + message.get("VpcEndpointId").asText();
  }
}
