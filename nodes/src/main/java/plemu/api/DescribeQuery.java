package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import plemu.controlplane.AwsError;
import plemu.model.Tag;

/**
 * The common part of every Describe* action: {@code Filters} (Name/Values, values may use the
 * AWS wildcards {@code *} and {@code ?}; {@code tag:<key>} and {@code tag-key} everywhere),
 * {@code MaxResults}/{@code NextToken} pagination in id order (at most 1,000 a page), and the
 * rendering of the list.
 */
public final class DescribeQuery<T> {
  /**
   * EC2 returns at most 1,000 items a page ("if MaxResults is given a value larger than 1,000, only
   * 1,000 results are returned"); the range MaxResults must be in comes from the service model
   * (plemu.api.model, checked before the action runs).
   */
  static final int MAX_PAGE = 1000;
  private final Function<T, String> id;
  private final Function<T, List<Tag>> tags;
  private final Map<String, Function<T, List<String>>> filters = new LinkedHashMap<>();

  public DescribeQuery(Function<T, String> id, Function<T, List<Tag>> tags) {
    this.id = id;
    this.tags = tags;
  }

  public DescribeQuery<T> filter(String name, Function<T, String> value) {
    filters.put(name, t -> {
      String v = value.apply(t);
      return v == null ? List.of() : List.of(v);
    });
    return this;
  }

  public DescribeQuery<T> filterMany(String name, Function<T, List<String>> values) {
    filters.put(name, values);
    return this;
  }

  /** Filters, sorts, pages and renders {@code items} into {@code {"<listName>": [...], "NextToken": ...}}. */
  public ObjectNode run(Params p, List<T> items, String listName, Function<T, JsonNode> render) {
    List<T> kept = new ArrayList<>(items);
    for (JsonNode f : p.array("Filters")) {
      String name = f.path("Name").asText(null);
      if (name == null) throw AwsError.missingParameter("Filter.Name").exception();
      Function<T, List<String>> values = valuesOf(name);
      List<Pattern> wanted = new ArrayList<>();
      for (JsonNode v : f.path("Values")) wanted.add(wildcard(v.asText()));
      kept.removeIf(t -> values.apply(t).stream().noneMatch(v -> wanted.stream().anyMatch(w -> w.matcher(v).matches())));
    }
    kept.sort(Comparator.comparing(id));
    Integer max = p.integer("MaxResults");
    String token = p.string("NextToken");
    if (token != null) {
      int from = 0;
      while (from < kept.size() && id.apply(kept.get(from)).compareTo(token) <= 0) from++;
      kept = kept.subList(from, kept.size());
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putArray(listName);
    int limit = max == null ? kept.size() : Math.min(Math.min(max, MAX_PAGE), kept.size());
    for (int i = 0; i < limit; i++) list.add(render.apply(kept.get(i)));
    if (limit > 0 && limit < kept.size()) out.put("NextToken", id.apply(kept.get(limit - 1)));
    return out;
  }

  private Function<T, List<String>> valuesOf(String name) {
    if (name.startsWith("tag:")) {
      String key = name.substring(4);
      return t -> Tag.valueOf(tags.apply(t), key).map(List::of).orElse(List.of());
    }
    if (name.equals("tag-key")) return t -> tags.apply(t).stream().map(Tag::key).toList();
    Function<T, List<String>> f = filters.get(name);
    if (f == null)
      throw AwsError.badRequest("InvalidParameterValue", "The filter '" + name + "' is invalid; this action takes "
          + String.join(", ", filters.keySet()) + ", tag:<key>, tag-key").exception();
    return f;
  }

  static Pattern wildcard(String value) {
    StringBuilder re = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '*') re.append(".*");
      else if (c == '?') re.append('.');
      else re.append(Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(re.toString());
  }
}
