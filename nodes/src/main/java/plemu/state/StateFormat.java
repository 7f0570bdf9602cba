package plemu.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The version of the durable state's layout. Kryo reads records by their components' positions,
 * so a data directory written by a plemu whose records differ cannot be read: refuse it with a
 * clear message instead of failing later. Raise {@link #VERSION} whenever a stored record changes.
 */
public final class StateFormat {
  private StateFormat() {}

  /** 2: zones carry a host address pool; load balancing tables. 3: targets drain. 7: endpoints hold their private DNS name. 8: deliveries know when they were published. */
  public static final int VERSION = 8;

  private static final String FILE = "FORMAT";

  /** Checks (or, for a new directory, writes) the format of one node's data directory. */
  public static void check(Path nodeDir, Path stateDir) {
    Path file = nodeDir.resolve(FILE);
    String expected = "plemu-state " + VERSION;
    try {
      if (Files.exists(file)) {
        String found = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!found.equals(expected)) throw stale(nodeDir, found);
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
    return new IllegalStateException("the data in " + nodeDir + " has format '" + found + "', this plemu reads 'plemu-state "
        + VERSION + "': start fresh (scripts/plemu up --fresh, or delete that directory) or use another --data-dir");
  }
}
