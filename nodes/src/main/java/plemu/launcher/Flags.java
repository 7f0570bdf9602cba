package plemu.launcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} flags (repeatable) and positional arguments of a command. */
final class Flags {
  final List<String> positional = new ArrayList<>();
  private final Map<String, List<String>> values = new HashMap<>();

  static Flags parse(String[] args, Set<String> valueFlags, Set<String> switches) {
    Flags f = new Flags();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (switches.contains(a)) f.values.computeIfAbsent(a, k -> new ArrayList<>()).add("true");
      else if (valueFlags.contains(a)) {
        if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
        f.values.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
      } else if (a.startsWith("--")) throw new IllegalArgumentException("unknown option " + a);
      else f.positional.add(a);
    }
    return f;
  }

  /** A TCP port number (0 for any free port), or a clear error naming the flag. */
  static int port(String value, String flag) {
    try {
      int p = Integer.parseInt(value);
      if (p < 0 || p > 65535) throw new NumberFormatException();
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a port number 0-65535, not '" + value + "'");
    }
  }

  String get(String name, String fallback) {
    List<String> v = values.get(name);
    return v == null ? fallback : v.get(v.size() - 1);
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  boolean has(String name) {
    return values.containsKey(name);
  }
}
