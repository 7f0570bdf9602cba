package plemu.controlplane;

import plemu.model.KryoSerializable;

/**
 * An AWS-style error: the code and message that the EC2 / ELBv2 APIs return, and the HTTP status
 * that fits it.
 */
public record AwsError(String code, String message, int httpStatus) implements KryoSerializable {
  public static AwsError badRequest(String code, String message) {
    return new AwsError(code, message, 400);
  }

  public static AwsError missingParameter(String name) {
    return badRequest("MissingParameter", "The request must contain the parameter " + name);
  }

  public static AwsError invalidValue(String parameter, Object value, String why) {
    return badRequest(
        "InvalidParameterValue", "Value (" + value + ") for parameter " + parameter + " is invalid. " + why);
  }

  public static AwsError notFound(String code, String message) {
    return badRequest(code, message);
  }

  public static AwsError dependencyViolation(String message) {
    return badRequest("DependencyViolation", message);
  }

  public AwsException exception() {
    return new AwsException(this);
  }
}
