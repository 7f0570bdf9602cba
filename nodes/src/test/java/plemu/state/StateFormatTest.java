package plemu.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFormatTest {
  @TempDir Path dir;

  @Test
  void aNewDirectoryGetsTheCurrentFormatAndIsAcceptedAgain() throws Exception {
    Path node = dir.resolve("use1-az1");
    StateFormat.check(node, node.resolve("desired-state"));
    assertEquals("plemu-state " + StateFormat.VERSION, Files.readString(node.resolve("FORMAT")).trim());
    StateFormat.check(node, node.resolve("desired-state"));
  }

  @Test
  void format8IsTakenForMigrationAndMarkedAsTheCurrentFormat() throws Exception {
    Path node = dir.resolve("use1-az2");
    Files.createDirectories(node.resolve("desired-state"));
    Files.writeString(node.resolve("FORMAT"), "plemu-state 8\n");
    StateFormat.check(node, node.resolve("desired-state"));
    assertEquals("plemu-state " + StateFormat.VERSION, Files.readString(node.resolve("FORMAT")).trim());
  }

  @Test
  void dataOfAnotherFormatIsRefusedWithAWayOut() throws Exception {
    Path node = dir.resolve("old");
    Files.createDirectories(node.resolve("desired-state"));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StateFormat.check(node, node.resolve("desired-state")));
    assertTrue(e.getMessage().contains("--fresh"), e.getMessage());
    Files.writeString(node.resolve("FORMAT"), "plemu-state 999\n");
    assertThrows(IllegalStateException.class, () -> StateFormat.check(node, node.resolve("desired-state")));
    Files.writeString(node.resolve("FORMAT"), "plemu-state 7\n");
    e = assertThrows(IllegalStateException.class, () -> StateFormat.check(node, node.resolve("desired-state")));
    assertTrue(e.getMessage().contains("migrates 'plemu-state 8'"), e.getMessage());
  }
}
