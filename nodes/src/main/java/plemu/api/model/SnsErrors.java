package plemu.api.model;

import java.util.List;
import plemu.controlplane.AwsError;

/**
 * SNS's answer: the first problem, {@code InvalidParameter} "Invalid parameter: TopicArn Reason:
 * no value for required parameter" (the form SNS sends), other reasons in the words of AWS's
 * validation messages ("must have length less than or equal to 256").
 */
final class SnsErrors implements ServiceErrors {
  @Override
  public AwsError describe(List<Violation> violations) {
    Violation v = violations.get(0);
    String reason = v.kind() == Violation.Kind.MISSING ? "no value for required parameter"
        : v.memberMust().substring("Member ".length());
    return AwsError.badRequest("InvalidParameter", "Invalid parameter: " + ServiceErrors.dotted(v.path())
        + " Reason: " + reason);
  }
}
