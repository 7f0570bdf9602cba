package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import plemu.controlplane.AwsError;
import plemu.controlplane.AwsException;
import plemu.model.Tag;

/**
 * The JSON body of one API call, read with AWS member names (an AWS action's body has passed the
 * checks of its service model by then: plemu.api.model.RequestValidator). Wrong types give
 * {@code InvalidParameterValue}; unknown members give {@code UnknownParameter}.
 */
public final class Params {
  private final ObjectNode body;

  public Params(ObjectNode body) {
    this.body = body;
  }

  /** Refuses members this action does not take (DryRun is always allowed). */
  public Params allow(String... names) {
    Set<String> allowed = Set.of(names);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name) && !name.equals("DryRun"))
        throw AwsError.badRequest("UnknownParameter", "The parameter " + name + " is not recognized").exception();
    }
    return this;
  }

  /** The member as JSON, or null. */
  public JsonNode raw(String name) {
    return body.get(name);
  }

  public boolean has(String name) {
    return body.hasNonNull(name);
  }

  public String string(String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual()) throw wrongType(name, n, "a string");
    return n.asText();
  }

  public String requiredString(String name) {
    String s = string(name);
    if (s == null || s.isEmpty()) throw AwsError.missingParameter(name).exception();
    return s;
  }

  public Boolean bool(String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) return null;
    if (!n.isBoolean()) throw wrongType(name, n, "true or false");
    return n.asBoolean();
  }

  public Integer integer(String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) return null;
    if (!n.canConvertToInt() || !n.isIntegralNumber()) throw wrongType(name, n, "an integer");
    return n.asInt();
  }

  /** An AttributeBooleanValue member: {@code {"Value": true}}. */
  public Boolean attributeBoolean(String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) return null;
    if (!n.isObject() || !n.path("Value").isBoolean()) throw wrongType(name, n, "{\"Value\": true|false}");
    return n.get("Value").asBoolean();
  }

  public List<String> strings(String name) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array(name)) {
      if (!n.isTextual()) throw wrongType(name, n, "a list of strings");
      out.add(n.asText());
    }
    return out;
  }

  public List<JsonNode> array(String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) throw wrongType(name, n, "a list");
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  /** Tags of TagSpecifications for one resource type; a specification for another type is refused. */
  public List<Tag> tags(String resourceType) {
    List<Tag> tags = new ArrayList<>();
    for (JsonNode spec : array("TagSpecifications")) {
      String type = spec.path("ResourceType").asText("");
      if (!type.equals(resourceType))
        throw AwsError.invalidValue("TagSpecifications.ResourceType", type,
            "This action creates resources of type " + resourceType + ".").exception();
      for (JsonNode t : spec.path("Tags")) {
        if (!t.path("Key").isTextual()) throw AwsError.missingParameter("Tag.Key").exception();
        tags.add(new Tag(t.get("Key").asText(), t.path("Value").asText("")));
      }
    }
    return tags;
  }

  public boolean dryRun() {
    return Boolean.TRUE.equals(bool("DryRun"));
  }

  static AwsException wrongType(String name, JsonNode value, String expected) {
    return AwsError.invalidValue(name, value, "Expecting " + expected + ".").exception();
  }
}
