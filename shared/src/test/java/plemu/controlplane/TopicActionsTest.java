package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.ok;
import static plemu.controlplane.Fixtures.refused;

import java.util.Map;
import org.junit.jupiter.api.Test;
import plemu.model.Topic;

/** CreateTopic with its attributes, as SNS: the policy given at creation counts, a second create must agree. */
class TopicActionsTest {
  final Desired.Builder b = Fixtures.baseBuilder();
  final IdSource ids = Fixtures.ids();
  static final String POLICY = TopicPolicyTest.policy(TopicPolicyTest.statement("Allow", TopicPolicyTest.VPCE,
      "SNS:Publish", null));

  @Test
  void aPolicyGivenAtCreationLetsTheServicePrincipalPublish() {
    Topic t = ok(b, ids, new TopicActions.CreateTopic(CA, "events", Map.of("Policy", POLICY, "DisplayName", "Events")));
    assertEquals(POLICY, t.policy());
    assertTrue(TopicPolicy.allowsPublish(t.policy(), t.topicArn(), TopicPolicyTest.SVC, "111111111111"));
    // creating it again returns it; with another policy it is refused, as SNS does
    Topic again = ok(b, ids, new TopicActions.CreateTopic(CA, "events", Map.of()));
    assertEquals(t, again);
    Fixtures.assertMessageContains(refused("InvalidParameter", b, ids, new TopicActions.CreateTopic(CA, "events",
        Map.of("Policy", "{\"Statement\":[]}"))), "different attributes");
  }

  @Test
  void unknownAttributesAndBadPoliciesAreRefused() {
    Fixtures.assertMessageContains(refused("InvalidParameter", b, ids, new TopicActions.CreateTopic(CA, "t",
        Map.of("FifoTopic", "true"))), "FifoTopic");
    refused("InvalidParameter", b, ids, new TopicActions.CreateTopic(CA, "t", Map.of("Policy", "not json")));
    assertTrue(b.build().topics().isEmpty(), "nothing created");
  }

  @Test
  void anotherAccountsTopicIsNotFoundWithSnsStatus() {
    Topic t = ok(b, ids, new TopicActions.CreateTopic(CA, "mine", Map.of()));
    assertEquals(404, refused("NotFound", b, ids, new TopicActions.DeleteTopic(Fixtures.CB, t.topicArn())).httpStatus());
  }
}
