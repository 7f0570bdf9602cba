package plemu.api.model;

import com.fasterxml.jackson.databind.JsonNode;

/** An operation of a service model: its input and output shapes and its HTTP binding. */
public record Operation(String name, String input, String output, String httpMethod, String requestUri,
    String resultWrapper) {

  static Operation fromJson(String name, JsonNode json) {
    return new Operation(name, json.path("input").asText(null), json.path("output").asText(null),
        json.path("http").path("method").asText(null), json.path("http").path("requestUri").asText(null),
        json.path("resultWrapper").asText(null));
  }
}
