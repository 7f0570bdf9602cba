package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static plemu.testing.ApiClient.assertError;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.ACCOUNT_B;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;
import plemu.testing.SseReader;
import plemu.testing.WebhookServer;

/**
 * Connection notifications delivered to a real HTTP webhook: a topic whose policy does not let
 * vpce.amazonaws.com publish is refused; Connect, Accept, Reject arrive as SNS notifications, a
 * failed delivery is retried; after the policy is taken back nothing is delivered and the provider
 * sees why on its event stream.
 */
class NotificationsTest extends ClusterTestBase {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Lets vpce.amazonaws.com publish for {@code sourceArn} (a service's or an endpoint's ARN). */
  static String policy(String sourceArn) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"vpce.amazonaws.com\"},"
        + "\"Action\":\"SNS:Publish\",\"Resource\":\"*\",\"Condition\":{\"ArnLike\":{\"aws:SourceArn\":\"" + sourceArn + "\"}}}]}";
  }

  private static JsonNode event(WebhookServer hook, String expected) throws Exception {
    WebhookServer.Received r = hook.next(15);
    assertNotNull(r, expected + " delivered");
    assertEquals("Notification", r.headers().get("x-amz-sns-message-type"));
    JsonNode body = JSON.readTree(r.body());
    assertEquals("Notification", body.get("Type").asText());
    JsonNode message = JSON.readTree(body.get("Message").asText());
    assertEquals(expected, message.get("EventType").asText());
    return message;
  }

  /** The provider's NLB (named {@code name}) behind a service that requires acceptance; account B may use it. */
  private JsonNode serviceRequiringAcceptance(String name) {
    String lb = api.nlbInAz1(TOKEN_A, name);
    JsonNode svc = api.ok(TOKEN_A, "CreateVpcEndpointServiceConfiguration", json("NetworkLoadBalancerArns", List.of(lb),
        "AcceptanceRequired", true)).get("ServiceConfiguration");
    api.ok(TOKEN_A, "ModifyVpcEndpointServicePermissions", json("ServiceId", svc.get("ServiceId").asText(),
        "AddAllowedPrincipals", List.of("arn:aws:iam::" + ACCOUNT_B + ":root")));
    return svc;
  }

  /** A consumer's notification on its own endpoint: the provider's Accept reaches the consumer's webhook. */
  @Test
  void aConsumerIsToldWhenItsEndpointIsAccepted() throws Exception {
    JsonNode svc = serviceRequiringAcceptance("notify-b");
    String serviceId = svc.get("ServiceId").asText();
    String endpoint = api.endpointInAz1(TOKEN_B, svc.get("ServiceName").asText());
    String topic = api.ok(TOKEN_B, "CreateTopic", json("Name", "my-endpoints")).get("TopicArn").asText();
    // for a notification on an endpoint, the endpoint is the source: a policy naming the service refuses it
    api.ok(TOKEN_B, "SetTopicAttributes", json("TopicArn", topic, "AttributeName", "Policy", "AttributeValue",
        policy("arn:aws:ec2:us-east-1:111111111111:vpc-endpoint-service/" + serviceId)));
    assertError("InvalidConnectionNotification", api.call(TOKEN_B, "CreateVpcEndpointConnectionNotification",
        json("VpcEndpointId", endpoint, "ConnectionNotificationArn", topic, "ConnectionEvents", List.of("Accept"))));
    api.ok(TOKEN_B, "SetTopicAttributes", json("TopicArn", topic, "AttributeName", "Policy", "AttributeValue",
        policy("arn:aws:ec2:us-east-1:" + ACCOUNT_B + ":vpc-endpoint/" + endpoint)));
    // the provider cannot attach a notification to the consumer's endpoint
    assertError("InvalidVpcEndpointId.NotFound", api.call(TOKEN_A, "CreateVpcEndpointConnectionNotification",
        json("VpcEndpointId", endpoint, "ConnectionNotificationArn", topic, "ConnectionEvents", List.of("Accept"))));
    api.ok(TOKEN_B, "CreateVpcEndpointConnectionNotification", json("VpcEndpointId", endpoint,
        "ConnectionNotificationArn", topic, "ConnectionEvents", List.of("Accept", "Reject")));
    try (WebhookServer hook = new WebhookServer()) {
      api.ok(TOKEN_B, "Subscribe", json("TopicArn", topic, "Protocol", "http", "Endpoint", hook.url()));
      api.ok(TOKEN_A, "AcceptVpcEndpointConnections", json("ServiceId", serviceId, "VpcEndpointIds", List.of(endpoint)));
      assertEquals(endpoint, event(hook, "Accept").get("VpcEndpointId").asText());
    }
    api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(endpoint)));
  }

  @Test
  void connectionEventsReachTheWebhookOnlyWhileTheTopicPolicyAllowsIt() throws Exception {
    JsonNode svc = serviceRequiringAcceptance("notify");
    String serviceId = svc.get("ServiceId").asText();
    String serviceArn = "arn:aws:ec2:us-east-1:111111111111:vpc-endpoint-service/" + serviceId;
    String topic = api.ok(TOKEN_A, "CreateTopic", json("Name", "vpce-events")).get("TopicArn").asText();
    assertEquals("arn:aws:sns:us-east-1:111111111111:vpce-events", topic);
    // another account's topic does not exist for it: SNS's NotFound, a 404
    assertEquals(404, api.call(TOKEN_B, "GetTopicAttributes", json("TopicArn", topic)).status());
    assertError("InvalidParameter", api.call(TOKEN_A, "CreateTopic", json("Name", "tagged", "Tags",
        List.of(java.util.Map.of("Key", "team", "Value", "a")))));
    // a policy may also come with the topic: Attributes.Policy
    String withPolicy = api.ok(TOKEN_A, "CreateTopic", json("Name", "vpce-events-2", "Attributes",
        java.util.Map.of("Policy", policy(serviceArn)))).get("TopicArn").asText();
    assertEquals(policy(serviceArn), api.ok(TOKEN_A, "GetTopicAttributes", json("TopicArn", withPolicy))
        .get("Attributes").get("Policy").asText());
    String create = json("ServiceId", serviceId, "ConnectionNotificationArn", topic,
        "ConnectionEvents", List.of("Connect", "Accept", "Reject", "Delete"));
    // SNS's default policy (the owner account only) does not let vpce.amazonaws.com publish
    assertError("InvalidConnectionNotification", api.call(TOKEN_A, "CreateVpcEndpointConnectionNotification", create));
    api.ok(TOKEN_A, "SetTopicAttributes", json("TopicArn", topic, "AttributeName", "Policy", "AttributeValue",
        policy(serviceArn)));
    JsonNode n = api.ok(TOKEN_A, "CreateVpcEndpointConnectionNotification", create).get("ConnectionNotification");
    String notificationId = n.get("ConnectionNotificationId").asText();
    assertEquals("Topic", n.get("ConnectionNotificationType").asText());
    assertError("InvalidParameter", api.call(TOKEN_A, "Subscribe", json("TopicArn", topic, "Protocol", "http",
        "Endpoint", "http://10.0.0.9/hook")));

    try (WebhookServer hook = new WebhookServer(); SseReader provider = new SseReader(api.base(), TOKEN_A)) {
      api.ok(TOKEN_A, "Subscribe", json("TopicArn", topic, "Protocol", "http", "Endpoint", hook.url()));
      String endpoint = api.endpointInAz1(TOKEN_B, svc.get("ServiceName").asText());
      JsonNode connect = event(hook, "Connect");
      // the topic's owner reads the same message on its event stream, with no webhook needed
      assertNotNull(provider.await(e -> e.type().equals("TopicMessage")
          && e.data().path("Detail").path("TopicArn").asText().equals(topic), Duration.ofSeconds(10)));
      assertEquals(endpoint, connect.get("VpcEndpointId").asText());
      assertEquals(ACCOUNT_B, connect.get("VpcEndpointOwner").asText());
      assertEquals("pendingAcceptance", connect.get("VpcEndpointState").asText());

      api.ok(TOKEN_A, "AcceptVpcEndpointConnections", json("ServiceId", serviceId, "VpcEndpointIds", List.of(endpoint)));
      event(hook, "Accept");

      hook.failNext(1); // the first delivery of Reject fails: it is retried
      api.ok(TOKEN_A, "RejectVpcEndpointConnections", json("ServiceId", serviceId, "VpcEndpointIds", List.of(endpoint)));
      event(hook, "Reject");
      assertEquals(4, hook.requests(), "Connect, Accept, a failed and a retried Reject");

      // the policy no longer lets vpce.amazonaws.com publish: nothing is delivered, the provider sees why
      api.ok(TOKEN_A, "SetTopicAttributes", json("TopicArn", topic, "AttributeName", "Policy", "AttributeValue",
          policy("arn:aws:ec2:us-east-1:111111111111:vpc-endpoint-service/vpce-svc-00000000000000000")));
      api.ok(TOKEN_B, "DeleteVpcEndpoints", json("VpcEndpointIds", List.of(endpoint)));
      assertNotNull(provider.await(e -> e.type().equals("ConnectionNotificationFailed")
          && e.data().path("Detail").path("ConnectionEvent").asText().equals("Delete"), Duration.ofSeconds(15)));
      assertNull(hook.next(2), "nothing delivered");
    }

    assertEquals(1, api.ok(TOKEN_A, "DescribeVpcEndpointConnectionNotifications", json("ConnectionNotificationId",
        notificationId)).get("ConnectionNotificationSet").size());
    api.ok(TOKEN_A, "SetTopicAttributes", json("TopicArn", topic, "AttributeName", "Policy", "AttributeValue",
        policy(serviceArn)));
    api.ok(TOKEN_A, "ModifyVpcEndpointConnectionNotification", json("ConnectionNotificationId", notificationId,
        "ConnectionEvents", List.of("Connect")));
    assertEquals("Connect", api.ok(TOKEN_A, "DescribeVpcEndpointConnectionNotifications", "")
        .get("ConnectionNotificationSet").get(0).get("ConnectionEvents").get(0).asText());
    assertError("InvalidConnectionNotification", api.call(TOKEN_B, "ModifyVpcEndpointConnectionNotification",
        json("ConnectionNotificationId", notificationId, "ConnectionEvents", List.of("Accept"))));
    assertEquals(0, api.ok(TOKEN_A, "DeleteVpcEndpointConnectionNotifications", json("ConnectionNotificationIds",
        List.of(notificationId))).get("Unsuccessful").size());
  }
}
