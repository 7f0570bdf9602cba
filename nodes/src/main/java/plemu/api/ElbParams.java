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
import plemu.controlplane.AwsError;
import plemu.model.Tag;

/** ELBv2's request conventions: {@code Tags}, {@code Attributes} as Key/Value lists, Marker/PageSize paging. */
final class ElbParams {
  private ElbParams() {}

  static List<Tag> tags(Params p) {
    List<Tag> tags = new ArrayList<>();
    for (JsonNode t : p.array("Tags")) {
      if (!t.path("Key").isTextual()) throw AwsError.missingParameter("Tags.Key").exception();
      tags.add(new Tag(t.get("Key").asText(), t.path("Value").asText("")));
    }
    return tags;
  }

  static Map<String, String> attributes(Params p) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode a : p.array("Attributes")) {
      if (!a.path("Key").isTextual()) throw AwsError.missingParameter("Attributes.Key").exception();
      JsonNode v = a.get("Value");
      out.put(a.get("Key").asText(), v == null || v.isNull() ? null : v.asText());
    }
    return out;
  }

  /** Sorts by id and returns one page as {@code {"<listName>": [...], "NextMarker": ...}}. */
  static <T> ObjectNode page(Params p, List<T> items, Function<T, String> id, String listName,
      Function<T, JsonNode> render) {
    Integer size = p.integer("PageSize"); // 1-400, from the service model (plemu.api.model)
    String marker = p.string("Marker");
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(id));
    if (marker != null) sorted.removeIf(t -> id.apply(t).compareTo(marker) <= 0);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putArray(listName);
    int limit = size == null ? sorted.size() : Math.min(size, sorted.size());
    for (int i = 0; i < limit; i++) list.add(render.apply(sorted.get(i)));
    if (limit < sorted.size()) out.put("NextMarker", id.apply(sorted.get(limit - 1)));
    return out;
  }
}
