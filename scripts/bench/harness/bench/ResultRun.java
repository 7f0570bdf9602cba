package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result directory that dataplane.sh leaves under scripts/bench/results/ (full/, experiment/,
 * quick/, srcport/): its meta.txt, its results.tsv rows, notes.md and profiles.md, and the medians
 * and sums the report reads from them.
 */
final class ResultRun {
  /** One measured run: test, path, round and its key=value figures. */
  record Row(String test, String path, int round, Map<String, String> kv) {}

  final String kind;
  final Map<String, String> meta = new LinkedHashMap<>();
  final List<Row> rows = new ArrayList<>();
  String notes = "";
  String profiles = "";

  ResultRun(Path dir) throws Exception {
    kind = dir.getFileName().toString();
    for (String l : Files.readAllLines(dir.resolve("meta.txt"))) {
      int i = l.indexOf('=');
      if (i > 0) meta.put(l.substring(0, i), l.substring(i + 1));
    }
    Path r = dir.resolve("results.tsv");
    if (Files.exists(r)) for (String l : Files.readAllLines(r)) {
      String[] f = l.split("\t", 4);
      if (f.length < 4) continue;
      Map<String, String> kv = new LinkedHashMap<>();
      for (String p : f[3].trim().split("\\s+")) {
        int i = p.indexOf('=');
        if (i > 0) kv.put(p.substring(0, i), p.substring(i + 1));
      }
      // A failed run keeps its error count but not figures that would read as measurements.
      if (parse(kv.getOrDefault("errors", "0")) > 0) {
        if ("rtt".equals(kv.get("mode")) && parse(kv.getOrDefault("count", "0")) == 0)
          kv.keySet().removeIf(k -> k.endsWith("_us"));
        if ("bulk".equals(kv.get("mode")) && parse(kv.getOrDefault("errors", "0")) >= parse(kv.getOrDefault("flows", "1")))
          kv.remove("gbps");
        if (!kv.containsKey("mode")) kv.remove("cpu");
      }
      rows.add(new Row(f[0], f[1], Integer.parseInt(f[2]), kv));
    }
    Path n = dir.resolve("notes.md");
    if (Files.exists(n)) notes = Files.readString(n);
    Path pr = dir.resolve("profiles.md");
    if (Files.exists(pr)) profiles = Files.readString(pr);
  }

  String m(String key) {
    return meta.getOrDefault(key, "?");
  }

  List<String> paths() {
    return Arrays.asList(m("paths").split(","));
  }

  String label(String path) {
    return meta.getOrDefault("label." + path, path);
  }

  double[] values(String test, String path, String key) {
    return rows.stream().filter(r -> r.test.equals(test) && r.path.equals(path) && r.kv.containsKey(key))
        .mapToDouble(r -> parse(r.kv.get(key))).filter(d -> !Double.isNaN(d)).toArray();
  }

  /** Median over the rounds, NaN when not measured. */
  double med(String test, String path, String key) {
    return median(values(test, path, key));
  }

  double sum(String test, String path, String key) {
    double s = 0;
    for (double v : values(test, path, key)) s += v;
    return values(test, path, key).length == 0 ? Double.NaN : s;
  }

  String first(String test, String path, String key) {
    return rows.stream().filter(r -> r.test.equals(test) && r.path.equals(path) && r.kv.containsKey(key))
        .map(r -> r.kv.get(key)).findFirst().orElse("");
  }

  boolean has(String test) {
    return rows.stream().anyMatch(r -> r.test.equals(test));
  }

  static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  static double median(double[] v) {
    if (v.length == 0) return Double.NaN;
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
