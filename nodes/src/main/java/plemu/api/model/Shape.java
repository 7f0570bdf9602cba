package plemu.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One shape of a service model: its type ({@code structure}, {@code list}, {@code map},
 * {@code string}, {@code integer}, {@code long}, {@code boolean}, {@code timestamp}, ...), and what
 * botocore says constrains it. {@code min}/{@code max} bound a number's value, a string's length or
 * a list's or map's size; {@code pattern} is null when Java cannot compile the model's.
 */
public record Shape(
    String name,
    String type,
    List<String> required,
    Map<String, Member> members,
    Member member,
    Member key,
    Member value,
    Long min,
    Long max,
    List<String> enumValues,
    Pattern pattern,
    boolean sensitive) {

  static Shape fromJson(String name, JsonNode json) {
    Map<String, Member> members = new LinkedHashMap<>();
    json.path("members").fields().forEachRemaining(e -> members.put(e.getKey(), Member.fromJson(e.getValue())));
    return new Shape(name, json.path("type").asText(), strings(json.path("required")), members,
        Member.fromJson(json.get("member")), Member.fromJson(json.get("key")), Member.fromJson(json.get("value")),
        number(json.get("min")), number(json.get("max")), strings(json.path("enum")), pattern(json.get("pattern")),
        json.path("sensitive").asBoolean(false));
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }

  static Long number(JsonNode n) {
    return n == null || !n.isNumber() ? null : n.asLong();
  }

  private static Pattern pattern(JsonNode n) {
    if (n == null) return null;
    try {
      return Pattern.compile(n.asText());
    } catch (PatternSyntaxException e) {
      return null;
    }
  }
}
