package bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} options. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  static Args parse(String[] argv, int from) {
    Args a = new Args();
    for (int i = from; i < argv.length; i++) {
      String k = argv[i];
      if (!k.startsWith("--") || i + 1 >= argv.length) throw new IllegalArgumentException("expected --option value at '" + k + "'");
      a.values.put(k.substring(2), argv[++i]);
    }
    return a;
  }

  String str(String key, String dflt) {
    return values.getOrDefault(key, dflt);
  }

  String required(String key) {
    String v = values.get(key);
    if (v == null) throw new IllegalArgumentException("--" + key + " is required");
    return v;
  }

  int intOpt(String key, int dflt) {
    return values.containsKey(key) ? Integer.parseInt(values.get(key)) : dflt;
  }

  long longOpt(String key, long dflt) {
    return values.containsKey(key) ? Long.parseLong(values.get(key)) : dflt;
  }

  double dblOpt(String key, double dflt) {
    return values.containsKey(key) ? Double.parseDouble(values.get(key)) : dflt;
  }
}
