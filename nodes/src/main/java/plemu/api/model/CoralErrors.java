package plemu.api.model;

import java.util.List;
import java.util.stream.Collectors;
import plemu.controlplane.AwsError;

/**
 * The validation message of AWS's query and REST services (ELBv2 {@code ValidationError}, Route 53
 * {@code InvalidInput}): every problem, "2 validation errors detected: Value '401' at 'pageSize'
 * failed to satisfy constraint: Member must have value less than or equal to 400; Value null at
 * 'name' failed to satisfy constraint: Member must not be null". Paths name members in lower camel
 * case and list items as {@code targets.1.member.id}; a sensitive member's value is not shown.
 */
record CoralErrors(String code) implements ServiceErrors {
  @Override
  public AwsError describe(List<Violation> violations) {
    String each = violations.stream().map(CoralErrors::sentence).collect(Collectors.joining("; "));
    int n = violations.size();
    return AwsError.badRequest(code, n + " validation error" + (n == 1 ? "" : "s") + " detected: " + each);
  }

  private static String sentence(Violation v) {
    String value = v.value() == null || v.value().isNull() ? "Value null"
        : v.sensitive() ? "Value" : "Value '" + v.valueText() + "'";
    return value + " at '" + path(v.path()) + "' failed to satisfy constraint: " + v.memberMust();
  }

  static String path(List<Object> path) {
    StringBuilder out = new StringBuilder();
    for (Object step : path) {
      if (step instanceof Integer i) out.append('.').append(i).append(".member");
      else if (step instanceof Violation.MapKey k) out.append('.').append(k.key());
      else {
        String name = (String) step;
        if (!out.isEmpty()) out.append('.');
        out.append(Character.toLowerCase(name.charAt(0))).append(name.substring(1));
      }
    }
    return out.toString();
  }
}
