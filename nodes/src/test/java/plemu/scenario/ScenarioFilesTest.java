package plemu.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import plemu.controlplane.ApplyScenario;
import plemu.controlplane.Desired;
import plemu.controlplane.IdSource;

/** Every shipped scenario file parses, applies cleanly, keeps the README's tokens, and applies again unchanged. */
class ScenarioFilesTest {

  static List<Path> files() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("../config/scenarios"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void appliesCleanlyAndIdempotently(Path file) {
    Scenario scenario = ScenarioFiles.load(file);
    Desired.Builder b = Desired.empty().toBuilder();
    IdSource ids = new IdSource(new Random(1));
    new ApplyScenario(scenario).apply(b, ids);
    Desired once = b.build();
    for (String token : List.of("dev-provider", "dev-consumer", "dev-operator"))
      assertTrue(once.tokens().containsKey(token), file + " lacks the README's token " + token);
    assertEquals("111111111111", once.tokens().get("dev-provider").accountId());
    assertEquals("222222222222", once.tokens().get("dev-consumer").accountId());
    assertTrue(once.tokens().get("dev-operator").isOperator());
    if (!file.getFileName().toString().equals("default.yaml"))
      assertFalse(once.vpcEndpoints().isEmpty(), file + " should make interface endpoints");
    once.vpcEndpoints().values().forEach(e -> assertEquals("available", e.state()));

    Desired.Builder again = once.toBuilder();
    ApplyScenario.Applied second = new ApplyScenario(scenario).apply(again, ids);
    assertEquals(List.of(), second.created(), file + " created something twice");
    assertEquals(List.of(), again.build().changes(once), file + " changed something on re-apply");
  }
}
