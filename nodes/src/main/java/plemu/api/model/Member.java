package plemu.api.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A reference to a shape: a structure's member, or a list's member, or a map's key or value. The
 * wire names ({@code location}, {@code locationName}, {@code queryName}, {@code flattened}) are for
 * protocol codecs. {@code min}/{@code max} are limits AWS documents for this member only (see
 * scripts/models/extract.py, SUPPLEMENTS); {@code stripPathPrefix} says the SDKs send only what
 * follows the last '/' (Route 53 ids).
 */
public record Member(
    String shape,
    String location,
    String locationName,
    String queryName,
    boolean flattened,
    Long min,
    Long max,
    boolean stripPathPrefix) {

  static Member fromJson(JsonNode json) {
    if (json == null) return null;
    return new Member(json.path("shape").asText(), json.path("location").asText(null),
        json.path("locationName").asText(null), json.path("queryName").asText(null),
        json.path("flattened").asBoolean(false), Shape.number(json.get("min")), Shape.number(json.get("max")),
        json.path("stripPathPrefix").asBoolean(false));
  }
}
