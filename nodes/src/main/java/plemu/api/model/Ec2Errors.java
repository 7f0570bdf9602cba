package plemu.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import plemu.controlplane.AwsError;

/**
 * EC2's answers: the first problem only, {@code MissingParameter} "The request must contain the
 * parameter X" or {@code InvalidParameterValue} "Value (v) for parameter X is invalid. Expecting …";
 * and its filter limits: at most 200 filter values in one call, each at most 255 characters
 * ({@code FilterLimitExceeded}, with the messages EC2 sends, e.g. in gjbae1212/gossm#47 and
 * ansible-collections/amazon.aws#2393).
 */
final class Ec2Errors implements ServiceErrors {
  static final int MAX_FILTER_VALUES = 200;
  static final int MAX_FILTER_VALUE_LENGTH = 255;

  @Override
  public AwsError describe(List<Violation> violations) {
    Violation v = violations.get(0);
    String parameter = ServiceErrors.dotted(v.path());
    if (v.kind() == Violation.Kind.MISSING) return AwsError.missingParameter(parameter);
    return AwsError.invalidValue(parameter, v.sensitive() ? "***" : v.valueText(), expecting(v));
  }

  private static String expecting(Violation v) {
    return switch (v.kind()) {
      case TYPE -> "Expecting " + typeName(String.valueOf(v.limit())) + ".";
      case MIN_VALUE -> "Expecting a value greater than or equal to " + v.limit() + ".";
      case MAX_VALUE -> "Expecting a value less than or equal to " + v.limit() + ".";
      case MIN_LENGTH -> "Expecting at least " + v.limit() + " characters.";
      case MAX_LENGTH -> "Expecting at most " + v.limit() + " characters.";
      case MIN_SIZE -> "Expecting at least " + v.limit() + " items.";
      case MAX_SIZE -> "Expecting at most " + v.limit() + " items.";
      case ENUM -> "Expecting one of: " + v.enumText(", ", "", "") + ".";
      case PATTERN -> "Expecting a value that matches " + v.limit() + ".";
      case MISSING, UNKNOWN -> throw new IllegalArgumentException(v.kind().name());
    };
  }

  private static String typeName(String type) {
    return switch (type) {
      case "string" -> "a string";
      case "integer", "long" -> "an integer";
      case "boolean" -> "true or false";
      case "list" -> "a list";
      case "structure", "map" -> "an object";
      default -> "a " + type;
    };
  }

  @Override
  public Optional<AwsError> limits(Shape input, ObjectNode body) {
    if (!input.members().containsKey("Filters")) return Optional.empty();
    int values = 0;
    for (JsonNode filter : body.path("Filters"))
      for (JsonNode value : filter.path("Values")) {
        values++;
        if (value.asText().length() > MAX_FILTER_VALUE_LENGTH)
          return Optional.of(AwsError.badRequest("FilterLimitExceeded",
              "The maximum length for a filter value is " + MAX_FILTER_VALUE_LENGTH + " characters"));
      }
    if (values > MAX_FILTER_VALUES)
      return Optional.of(AwsError.badRequest("FilterLimitExceeded",
          "The maximum number of filter values specified on a single call is " + MAX_FILTER_VALUES));
    return Optional.empty();
  }
}
