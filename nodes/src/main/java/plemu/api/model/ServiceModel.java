package plemu.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One AWS service as plemu serves it: the operations, and every shape their inputs reach, from
 * the resource {@code aws-models/<service>.json} that scripts/models/extract.py writes from
 * botocore's model. {@code metadata} holds botocore's {@code protocol}, {@code apiVersion},
 * {@code xmlNamespace}, ...
 */
public record ServiceModel(String service, Map<String, String> metadata, Map<String, Operation> operations,
    Map<String, Shape> shapes) {

  public static ServiceModel load(String service) {
    String resource = "/aws-models/" + service + ".json";
    try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("no " + resource + " on the class path");
      return fromJson(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  static ServiceModel fromJson(JsonNode json) {
    Map<String, String> metadata = new LinkedHashMap<>();
    json.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
    Map<String, Operation> operations = new LinkedHashMap<>();
    json.path("operations").fields().forEachRemaining(e -> operations.put(e.getKey(),
        Operation.fromJson(e.getKey(), e.getValue())));
    Map<String, Shape> shapes = new LinkedHashMap<>();
    json.path("shapes").fields().forEachRemaining(e -> shapes.put(e.getKey(), Shape.fromJson(e.getKey(), e.getValue())));
    return new ServiceModel(json.path("service").asText(), Map.copyOf(metadata), Map.copyOf(operations),
        Map.copyOf(shapes));
  }

  public Shape shape(String name) {
    Shape s = shapes.get(name);
    if (s == null) throw new IllegalStateException(service + " model has no shape " + name);
    return s;
  }
}
