package plemu.api.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import plemu.controlplane.AwsError;

/**
 * How a service refuses a request that breaks its model, in its own words: EC2 answers the first
 * problem as {@code MissingParameter} or {@code InvalidParameterValue}; ELBv2 ({@code ValidationError})
 * and Route 53 ({@code InvalidInput}) list every problem as "N validation errors detected: Value
 * '…' at '…' failed to satisfy constraint: Member must …"; SNS answers {@code InvalidParameter}
 * "Invalid parameter: X Reason: …". A member a nested structure does not have is
 * {@code UnknownParameter} everywhere, as plemu answers unknown top-level members.
 */
public sealed interface ServiceErrors permits Ec2Errors, CoralErrors, SnsErrors {

  static ServiceErrors of(String service) {
    return switch (service) {
      case "ec2" -> new Ec2Errors();
      case "elbv2" -> new CoralErrors("ValidationError");
      case "route53" -> new CoralErrors("InvalidInput");
      case "sns" -> new SnsErrors();
      default -> throw new IllegalArgumentException("no error style for " + service);
    };
  }

  /** The error for {@code violations} (at least one). */
  default AwsError refuse(List<Violation> violations) {
    for (Violation v : violations)
      if (v.kind() == Violation.Kind.UNKNOWN)
        return AwsError.badRequest("UnknownParameter", "The parameter " + dotted(v.path()) + " is not recognized");
    return describe(violations);
  }

  AwsError describe(List<Violation> violations);

  /** The service's limits beyond the shapes, checked once the shapes are satisfied. */
  default Optional<AwsError> limits(Shape input, ObjectNode body) {
    return Optional.empty();
  }

  /** A path in member names, lists counted from 1: {@code Filters.1.Values.3}. */
  static String dotted(List<Object> path) {
    return path.stream().map(step -> step instanceof Violation.MapKey k ? k.key() : String.valueOf(step))
        .collect(Collectors.joining("."));
  }
}
