package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicPolicyTest {
  static final String SVC = "arn:aws:ec2:us-east-1:111111111111:vpc-endpoint-service/vpce-svc-0123456789abcdef0";

  static String statement(String effect, String principal, String action, String condition) {
    return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\"*\""
        + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }

  static String policy(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  static final String VPCE = "{\"Service\":\"vpce.amazonaws.com\"}";
  static final String TOPIC = "arn:aws:sns:us-east-1:111111111111:events";

  /** Whether the policy lets vpce.amazonaws.com publish to {@link #TOPIC} for {@code source}. */
  static boolean allowsPublishTo(String policy, String source, String account) {
    return TopicPolicy.allowsPublish(policy, TOPIC, source, account);
  }

  @Test
  void theServicePrincipalMayPublishWhenAStatementAllowsIt() {
    assertTrue(allowsPublishTo(policy(statement("Allow", VPCE, "SNS:Publish", null)), SVC, "111111111111"));
    assertTrue(allowsPublishTo(policy(statement("Allow", "\"*\"", "sns:*", null)), SVC, "111111111111"));
    assertTrue(allowsPublishTo(policy(statement("Allow", VPCE, "SNS:Publish",
        "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:ec2:us-east-1:111111111111:vpc-endpoint-service/*\"},"
            + "\"StringEquals\":{\"aws:SourceAccount\":\"111111111111\"}}")), SVC, "111111111111"));
  }

  @Test
  void otherwiseItMayNot() {
    assertFalse(allowsPublishTo(null, SVC, "111111111111"), "SNS's default: the owner account only");
    assertFalse(allowsPublishTo(policy(statement("Allow", "{\"AWS\":\"arn:aws:iam::111111111111:root\"}",
        "SNS:Publish", null)), SVC, "111111111111"));
    assertFalse(allowsPublishTo(policy(statement("Allow", VPCE, "SNS:Subscribe", null)), SVC, "111111111111"));
    assertFalse(allowsPublishTo(policy(statement("Allow", VPCE, "SNS:Publish",
        "{\"StringEquals\":{\"aws:SourceAccount\":\"999999999999\"}}")), SVC, "111111111111"));
    assertFalse(allowsPublishTo(policy(statement("Allow", VPCE, "SNS:Publish", null),
        statement("Deny", "\"*\"", "SNS:Publish", null)), SVC, "111111111111"), "a Deny wins");
    assertFalse(allowsPublishTo("not json", SVC, "111111111111"));
    assertFalse(allowsPublishTo(policy(statement("Allow", VPCE, "SNS:Publish", null),
        statement("Deny", VPCE, "SNS:Publish", "{\"NumericLessThan\":{\"aws:SourceAccount\":\"1\"}}")), SVC,
        "111111111111"), "a Deny whose condition plemu cannot evaluate still denies");
    assertFalse(allowsPublishTo(policy(statement("Allow", VPCE, "SNS:Publish", null),
        statement("Deny", VPCE, "SNS:Publish", "{\"StringNotEquals\":{\"aws:SourceAccount\":\"999999999999\"}}")),
        SVC, "111111111111"));
  }

  @Test
  void aStatementCountsOnlyForTheTopicsItsResourceNames() {
    String forOther = policy(statement("Allow", VPCE, "SNS:Publish", null).replace("\"Resource\":\"*\"",
        "\"Resource\":\"arn:aws:sns:us-east-1:111111111111:other\""));
    assertFalse(allowsPublishTo(forOther, SVC, "111111111111"));
    String forThese = policy(statement("Allow", VPCE, "SNS:Publish", null).replace("\"Resource\":\"*\"",
        "\"Resource\":[\"arn:aws:sns:us-east-1:111111111111:ev*\"]"));
    assertTrue(allowsPublishTo(forThese, SVC, "111111111111"));
  }
}
