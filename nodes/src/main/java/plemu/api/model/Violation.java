package plemu.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One way a request breaks its input shape: where (member names, with 1-based list positions and
 * map keys), the value found (null when missing), and which constraint. Each service words it its
 * own way ({@link ServiceErrors}).
 */
public record Violation(List<Object> path, JsonNode value, boolean sensitive, Kind kind, Object limit) {
  public enum Kind { MISSING, UNKNOWN, TYPE, MIN_VALUE, MAX_VALUE, MIN_LENGTH, MAX_LENGTH, MIN_SIZE, MAX_SIZE, ENUM, PATTERN }

  /** A map entry's key, as a step of a path. */
  public record MapKey(String key) {}

  private static final int ECHO = 100;

  /** The value as text, cut to 100 characters (strings without quotes). */
  public String valueText() {
    if (value == null || value.isNull()) return "null";
    String text = value.isTextual() ? value.asText() : value.toString();
    return text.length() <= ECHO ? text : text.substring(0, ECHO) + "...";
  }

  /** The last member name on the path. */
  public String member() {
    for (int i = path.size() - 1; i >= 0; i--) if (path.get(i) instanceof String s) return s;
    return "";
  }

  /** The constraint in the words of AWS's validation messages: "Member must have length ...". */
  public String memberMust() {
    return switch (kind) {
      case MISSING -> "Member must not be null";
      case UNKNOWN -> "Member must be a member of its structure";
      case TYPE -> "Member must be of type " + limit;
      case MIN_VALUE -> "Member must have value greater than or equal to " + limit;
      case MAX_VALUE -> "Member must have value less than or equal to " + limit;
      case MIN_LENGTH, MIN_SIZE -> "Member must have length greater than or equal to " + limit;
      case MAX_LENGTH, MAX_SIZE -> "Member must have length less than or equal to " + limit;
      case ENUM -> "Member must satisfy enum value set: " + enumText(", ", "[", "]");
      case PATTERN -> "Member must satisfy regular expression pattern: " + limit;
    };
  }

  /** The allowed values of an ENUM violation, at most 20 of them. */
  public String enumText(String separator, String open, String close) {
    @SuppressWarnings("unchecked")
    List<String> values = (List<String>) limit;
    String shown = String.join(separator, values.subList(0, Math.min(20, values.size())));
    return open + shown + (values.size() > 20 ? separator + "..." : "") + close;
  }
}
