package plemu.controlplane;

import java.util.Map;

/** ELBv2 attributes: checks of a Modify*Attributes request against the known keys and values. */
final class ElbAttributes {
  private ElbAttributes() {}

  /** Checks attribute keys against the known ones and values with {@code valid}; returns the merged map. */
  static Map<String, String> mergeAttributes(Map<String, String> current, Map<String, String> changes,
      java.util.function.BiPredicate<String, String> valid, String kind) {
    if (changes.isEmpty()) throw AwsError.missingParameter("Attributes").exception();
    Map<String, String> merged = new java.util.HashMap<>(current);
    changes.forEach((key, value) -> {
      if (!current.containsKey(key))
        throw AwsError.badRequest("ValidationError", kind + " attribute key '" + key + "' is not recognized; known keys: "
            + String.join(", ", new java.util.TreeSet<>(current.keySet()))).exception();
      if (value == null || !valid.test(key, value))
        throw AwsError.badRequest("ValidationError", kind + " attribute '" + key + "' cannot be '" + value + "'").exception();
      merged.put(key, value);
    });
    return merged;
  }

  static boolean isBoolean(String v) {
    return v.equals("true") || v.equals("false");
  }

  static boolean intBetween(String v, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      return n >= min && n <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
