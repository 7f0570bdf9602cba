package plemu.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The version of the durable state's layout in a node's data directory (its {@code FORMAT} file).
 * Since format 9 records are stored with tagged components, so a record that gains or loses a
 * component needs no new format; raise {@link #VERSION} only when the layout itself changes, and
 * give the writer a migration from the previous one. Format 8 (one replicated table per kind of
 * resource, records by position) is migrated by the writer on its first start
 * ({@link ControlPlaneWriter}); older formats are refused with a way out.
 */
public final class StateFormat {
  private StateFormat() {}

  /** 9: a replicated change log, rows stored in shards, records with tagged components. */
  public static final int VERSION = 9;

  /** The formats this plemu migrates from. */
  static final int MIGRATES_FROM = 8;

  private static final String FILE = "FORMAT";

  /** Checks (or, for a new directory, writes) the format of one node's data directory. */
  public static void check(Path nodeDir, Path stateDir) {
    Path file = nodeDir.resolve(FILE);
    String expected = "plemu-state " + VERSION;
    try {
      if (Files.exists(file)) {
        String found = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (found.equals(expected)) return;
        if (!found.equals("plemu-state " + MIGRATES_FROM)) throw stale(nodeDir, found);
        // the writer migrates the old tables into the change log once the cluster is up
        Files.writeString(file, expected + "\n", StandardCharsets.UTF_8);
        return;
      }
      if (Files.isDirectory(stateDir)) throw stale(nodeDir, "plemu-state 1");
      Files.createDirectories(nodeDir);
      Files.writeString(file, expected + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot use data directory " + nodeDir + ": " + e, e);
    }
  }

  private static IllegalStateException stale(Path nodeDir, String found) {
    return new IllegalStateException("the data in " + nodeDir + " has format '" + found + "'; this plemu reads 'plemu-state "
        + VERSION + "' and migrates 'plemu-state " + MIGRATES_FROM + "'. Open it with the plemu that wrote it (or one "
        + "that migrates it), or start fresh (scripts/plemu up --fresh, or delete that directory), or use another --data-dir");
  }
}
