package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU per thread group between two 'jcmd PID Thread.print' snapshots (their cpu=...ms fields):
 * a markdown table of the busiest groups, in % of one core over --seconds.
 */
final class ThreadCpu {
  private ThreadCpu() {}

  private static final Pattern LINE = Pattern.compile("^\"(.+?)\"\\s.*?\\bcpu=([0-9.]+)ms");

  static Map<String, Double> read(Path p) throws Exception {
    Map<String, Double> out = new HashMap<>();
    for (String l : Files.readAllLines(p)) {
      Matcher m = LINE.matcher(l);
      if (m.find()) out.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
    }
    return out;
  }

  static String group(String thread) {
    return thread.replaceAll("[-#]\\d+$", "-N").replaceAll("\\d+$", "N");
  }

  static void run(Args a) throws Exception {
    Map<String, Double> before = read(Path.of(a.required("before")));
    Map<String, Double> after = read(Path.of(a.required("after")));
    double secs = a.dblOpt("seconds", 1);
    int top = a.intOpt("top", 8);
    Map<String, double[]> groups = new HashMap<>(); // cpu ms, threads
    double total = 0;
    for (Map.Entry<String, Double> e : after.entrySet()) {
      double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      if (d < 0) d = e.getValue();
      double[] g = groups.computeIfAbsent(group(e.getKey()), k -> new double[2]);
      g[0] += d;
      g[1]++;
      total += d;
    }
    List<Map.Entry<String, double[]>> list = new ArrayList<>(groups.entrySet());
    list.sort((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]));
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("| thread group | threads | CPU, %% of one core |%n|---|---|---|%n"));
    for (int i = 0; i < Math.min(top, list.size()); i++) {
      Map.Entry<String, double[]> e = list.get(i);
      sb.append(String.format("| `%s` | %.0f | %.1f |%n", e.getKey(), e.getValue()[1], e.getValue()[0] / (secs * 10)));
    }
    sb.append(String.format("| all JVM threads | %d | %.1f |%n", after.size(), total / (secs * 10)));
    System.out.print(sb);
  }
}
