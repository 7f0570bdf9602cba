package plemu.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import plemu.api.model.Violation.Kind;
import plemu.api.model.Violation.MapKey;

/**
 * Checks a JSON request body against its operation's input shape, as AWS checks a request before
 * the operation runs: JSON types, required members, min/max of numbers, string lengths, list and
 * map sizes, enums, patterns, members that nested structures do not have, and the service's own
 * limits (EC2's filter values). A request that breaks any is refused with the service's error
 * ({@link ServiceErrors}). Top-level members the model does not know are left to the action,
 * which names what it supports ({@code Params.allow}); emulator actions have no model and pass.
 */
public final class RequestValidator {
  private final AwsModels models;

  public RequestValidator(AwsModels models) {
    this.models = models;
  }

  /** Throws the service's AwsException when {@code body} is not a valid input of {@code action}. */
  public void validate(String action, ObjectNode body) {
    models.operation(action).ifPresent(op -> {
      ServiceModel service = op.service();
      if (op.operation().input() == null) return;
      Shape input = service.shape(op.operation().input());
      ServiceErrors errors = ServiceErrors.of(service.service());
      List<Violation> found = new ArrayList<>();
      new Walk(service, found).structure(input, body, new ArrayList<>(), true);
      if (!found.isEmpty()) throw errors.refuse(found).exception();
      errors.limits(input, body).ifPresent(e -> { throw e.exception(); });
    });
  }

  /** Walks one body, collecting what breaks the model. */
  private record Walk(ServiceModel service, List<Violation> found) {
    void structure(Shape shape, ObjectNode body, List<Object> path, boolean topLevel) {
      for (String name : shape.required())
        if (!body.hasNonNull(name)) add(path, name, null, false, Kind.MISSING, null);
      for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        Member member = shape.members().get(field.getKey());
        if (member == null) {
          if (!topLevel) add(path, field.getKey(), field.getValue(), false, Kind.UNKNOWN, null);
        } else if (!field.getValue().isNull()) {
          value(member, field.getValue(), with(path, field.getKey()));
        }
      }
    }

    void value(Member member, JsonNode value, List<Object> path) {
      Shape shape = service.shape(member.shape());
      switch (shape.type()) {
        case "structure" -> {
          if (!value.isObject()) type(path, value, shape, "structure");
          else structure(shape, (ObjectNode) value, path, false);
        }
        case "list" -> {
          if (!value.isArray()) { type(path, value, shape, "list"); return; }
          size(path, value, shape, value.size());
          for (int i = 0; i < value.size(); i++) if (!value.get(i).isNull()) value(shape.member(), value.get(i), with(path, i + 1));
        }
        case "map" -> {
          if (!value.isObject()) { type(path, value, shape, "map"); return; }
          size(path, value, shape, value.size());
          value.fields().forEachRemaining(e -> {
            List<Object> at = with(path, new MapKey(e.getKey()));
            string(service.shape(shape.key().shape()), shape.key(), com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()), at);
            if (!e.getValue().isNull()) value(shape.value(), e.getValue(), at);
          });
        }
        case "string" -> {
          if (!value.isTextual()) type(path, value, shape, "string");
          else string(shape, member, value, path);
        }
        case "integer", "long" -> {
          boolean fits = shape.type().equals("integer") ? value.canConvertToInt() : value.canConvertToLong();
          if (!value.isIntegralNumber() || !fits) type(path, value, shape, shape.type());
          else number(path, value, shape, member, value.asLong());
        }
        case "float", "double" -> {
          if (!value.isNumber()) type(path, value, shape, shape.type());
        }
        case "boolean" -> {
          if (!value.isBoolean()) type(path, value, shape, "boolean");
        }
        case "timestamp" -> {
          if (!value.isTextual() && !value.isNumber()) type(path, value, shape, "timestamp");
        }
        case "blob" -> {
          if (!value.isTextual()) type(path, value, shape, "blob");
        }
        default -> throw new IllegalStateException("shape type " + shape.type() + " of " + shape.name());
      }
    }

    private void string(Shape shape, Member member, JsonNode value, List<Object> path) {
      String s = value.asText();
      if (member.stripPathPrefix()) s = s.substring(s.lastIndexOf('/') + 1);
      int length = s.codePointCount(0, s.length());
      if (shape.min() != null && length < shape.min()) add(path, value, shape, Kind.MIN_LENGTH, shape.min());
      else if (shape.max() != null && length > shape.max()) add(path, value, shape, Kind.MAX_LENGTH, shape.max());
      else if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(s))
        add(path, value, shape, Kind.ENUM, shape.enumValues());
      else if (shape.pattern() != null && !shape.pattern().matcher(s).find())
        add(path, value, shape, Kind.PATTERN, shape.pattern().pattern());
    }

    private void number(List<Object> path, JsonNode value, Shape shape, Member member, long n) {
      Long min = member.min() != null ? member.min() : shape.min();
      Long max = member.max() != null ? member.max() : shape.max();
      if (min != null && n < min) add(path, value, shape, Kind.MIN_VALUE, min);
      else if (max != null && n > max) add(path, value, shape, Kind.MAX_VALUE, max);
    }

    private void size(List<Object> path, JsonNode value, Shape shape, int size) {
      if (shape.min() != null && size < shape.min()) add(path, value, shape, Kind.MIN_SIZE, shape.min());
      else if (shape.max() != null && size > shape.max()) add(path, value, shape, Kind.MAX_SIZE, shape.max());
    }

    private void type(List<Object> path, JsonNode value, Shape shape, String expected) {
      add(path, value, shape, Kind.TYPE, expected);
    }

    private void add(List<Object> path, JsonNode value, Shape shape, Kind kind, Object limit) {
      found.add(new Violation(List.copyOf(path), value, shape.sensitive(), kind, limit));
    }

    private void add(List<Object> path, String name, JsonNode value, boolean sensitive, Kind kind, Object limit) {
      found.add(new Violation(with(path, name), value, sensitive, kind, limit));
    }

    private static List<Object> with(List<Object> path, Object step) {
      List<Object> out = new ArrayList<>(path);
      out.add(step);
      return out;
    }
  }
}
