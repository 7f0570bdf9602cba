package plemu.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import plemu.controlplane.AwsError;
import plemu.controlplane.AwsException;

/**
 * Reads scenario files (YAML). A syntax error, an unknown field or a value of the wrong type is
 * refused with the line, column and field path that caused it.
 */
public final class ScenarioFiles {
  private ScenarioFiles() {}

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  public static Scenario load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw AwsError.badRequest("InvalidParameterValue", "cannot read scenario file " + file + ": " + e).exception();
    }
  }

  /** Parses YAML (JSON is YAML too); {@code source} names the file in error messages. */
  public static Scenario parse(String text, String source) {
    try {
      Scenario s = YAML.readValue(text, Scenario.class);
      if (s == null) throw invalid(source + ": the scenario is empty");
      return s;
    } catch (JsonMappingException e) {
      String path = e.getPath().stream()
          .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining()).replaceFirst("^\\.", "");
      String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw invalid(source + " " + where(fieldLine(text, field, e.getLocation())) + (path.isEmpty() ? "" : " (" + path + ")")
          + ": " + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw invalid(source + " " + where(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()));
    }
  }

  private static String where(JsonLocation l) {
    return l == null ? "" : "line " + l.getLineNr() + ", column " + l.getColumnNr();
  }

  /**
   * The parser reports where it stopped, often just after the offending value; point at the line
   * that names the field instead (the nearest one at or above that position).
   */
  private static JsonLocation fieldLine(String text, String field, JsonLocation at) {
    if (field == null || at == null || at.getLineNr() < 1) return at;
    String[] lines = text.split("\n", -1);
    for (int i = Math.min(at.getLineNr(), lines.length) - 1; i >= 0; i--) {
      int col = lines[i].indexOf(field + ":");
      if (col >= 0) return new JsonLocation(at.contentReference(), -1, i + 1, col + 1);
    }
    return at;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static AwsException invalid(String message) {
    return AwsError.badRequest("InvalidParameterValue", "invalid scenario: " + message).exception();
  }
}
