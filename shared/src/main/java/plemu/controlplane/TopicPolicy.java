package plemu.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a topic's access policy lets {@code vpce.amazonaws.com} publish notifications of one
 * endpoint service or endpoint ({@link PublishSource}): a statement with {@code Effect} Allow,
 * {@code Principal} {@code {"Service": "vpce.amazonaws.com"}} (or {@code *}), an {@code Action}
 * covering {@code SNS:Publish}, and conditions, if any, on {@code aws:SourceArn} and
 * {@code aws:SourceAccount} that hold; and no Deny statement that matches. A topic without a policy allows only
 * its owner account, not the service principal (SNS's default).
 */
public final class TopicPolicy {
  private TopicPolicy() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String PRINCIPAL = "vpce.amazonaws.com";

  /** Parses a policy document, or InvalidParameter naming what is wrong. */
  static JsonNode parse(String policy) {
    try {
      JsonNode doc = JSON.readTree(policy);
      if (doc == null || !doc.isObject() || !doc.has("Statement"))
        throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Policy: a JSON object with a Statement").exception();
      return doc;
    } catch (java.io.IOException e) {
      throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Policy is not JSON: " + e.getMessage()).exception();
    }
  }

  public static boolean allowsPublish(String policy, String topicArn, String sourceArn, String sourceAccount) {
    if (policy == null) return false;
    JsonNode doc;
    try {
      doc = parse(policy);
    } catch (AwsException e) {
      return false;
    }
    boolean allowed = false;
    for (JsonNode st : list(doc.get("Statement"))) {
      String effect = st.path("Effect").asText("");
      if (!matches(st, topicArn, sourceArn, sourceAccount, effect.equals("Deny"))) continue;
      if (effect.equals("Deny")) return false;
      if (effect.equals("Allow")) allowed = true;
    }
    return allowed;
  }

  /** {@code deny}: a condition plemu cannot evaluate counts as holding, so a Deny errs on the safe side. */
  private static boolean matches(JsonNode st, String topicArn, String sourceArn, String sourceAccount, boolean deny) {
    JsonNode principal = st.get("Principal");
    boolean principalOk = principal != null && (principal.asText("").equals("*")
        || strings(principal.get("Service")).contains(PRINCIPAL) || strings(principal.get("AWS")).contains("*"));
    if (!principalOk) return false;
    boolean actionOk = strings(st.get("Action")).stream().map(a -> a.toLowerCase(Locale.ROOT))
        .anyMatch(a -> a.equals("sns:publish") || a.equals("sns:*") || a.equals("*"));
    if (!actionOk) return false;
    // a statement is about the topics its Resource names (none named: plemu takes it as this one)
    List<String> resources = strings(st.get("Resource"));
    if (!resources.isEmpty() && resources.stream().noneMatch(r -> glob(r, topicArn))) return false;
    JsonNode conditions = st.get("Condition");
    if (conditions == null) return true;
    var ops = conditions.fields();
    while (ops.hasNext()) {
      var op = ops.next();
      var keys = op.getValue().fields();
      while (keys.hasNext()) {
        var key = keys.next();
        String actual = switch (key.getKey().toLowerCase(Locale.ROOT)) {
          case "aws:sourcearn" -> sourceArn;
          case "aws:sourceaccount" -> sourceAccount;
          default -> null;
        };
        Boolean holds = actual == null ? null : holds(op.getKey(), strings(key.getValue()), actual);
        if (holds == null) {
          if (!deny) return false;
        } else if (!holds) return false;
      }
    }
    return true;
  }

  /** Whether a condition holds; null when plemu cannot evaluate the operator. */
  private static Boolean holds(String operator, List<String> values, String actual) {
    return switch (operator) {
      case "StringEquals", "ArnEquals" -> values.contains(actual);
      case "StringNotEquals", "ArnNotEquals" -> !values.contains(actual);
      case "StringLike", "ArnLike" -> values.stream().anyMatch(v -> glob(v, actual));
      case "StringNotLike", "ArnNotLike" -> values.stream().noneMatch(v -> glob(v, actual));
      default -> null;
    };
  }

  private static boolean glob(String pattern, String value) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray())
      re.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
    return value.matches(re.toString());
  }

  private static List<JsonNode> list(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n == null) return out;
    if (n.isArray()) n.forEach(out::add);
    else out.add(n);
    return out;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (JsonNode x : list(n)) if (x.isTextual()) out.add(x.asText());
    return out;
  }
}
