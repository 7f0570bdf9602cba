package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control-plane part of docs/PERFORMANCE.md, from what controlplane.sh leaves in
 * scripts/bench/results/controlplane/: meta.txt and results.txt (one line per world size: the
 * harness's RESULT figures plus the heap and data directory the script read at that size).
 */
final class ControlPlaneReport {
  private ControlPlaneReport() {}

  static void section(StringBuilder sb, Path dir) throws Exception {
    if (!Files.exists(dir.resolve("meta.txt")) || !Files.exists(dir.resolve("results.txt"))) return;
    Map<String, String> meta = new LinkedHashMap<>();
    for (String l : Files.readAllLines(dir.resolve("meta.txt"))) {
      int i = l.indexOf('=');
      if (i > 0) meta.put(l.substring(0, i), l.substring(i + 1));
    }
    List<Map<String, String>> marks = new ArrayList<>();
    for (String l : Files.readAllLines(dir.resolve("results.txt"))) {
      if (!l.startsWith("RESULT ")) continue;
      Map<String, String> kv = new LinkedHashMap<>();
      for (String p : l.substring(7).trim().split("\\s+")) {
        int i = p.indexOf('=');
        if (i > 0) kv.put(p.substring(0, i), p.substring(i + 1));
      }
      marks.add(kv);
    }
    sb.append("# Control-plane performance\n\n");
    sb.append("""
        Written by `scripts/bench/controlplane.sh` (issue 9) from `scripts/bench/results/controlplane/`.
        It starts `scripts/plemu up` (the embedded default: one JVM, region node and three AZ nodes, heap
        as the launcher sets it), sets up a provider's NLB and endpoint service through the API, warms
        the JVM up (300 endpoints created and deleted again), then creates a consumer's interface
        endpoints (one subnet, one network interface each; a new VPC and
        subnet every 50 endpoints, made outside the timed calls). At each world size it times the next
        creates one after another (serial) and from 10 clients at once (parallel), DescribeVpcEndpoints
        of one endpoint by id (200 calls) and of all of them (5 calls), and reads the JVM's heap after a
        full GC (`jcmd GC.run`, `GC.heap_info`), the data directory's size (`du`), and the largest
        replicated key (DescribeStateStorage: what one gossip or durable write of a key carries).
        Every create waits for the write to be applied on every node (`plemu.api.await-applied`).

        ```sh
        scripts/bench/controlplane.sh            # 1st, 100th, 1,000th and 5,000th endpoint
        scripts/bench/controlplane.sh --quick    # up to 1,000
        ```

        """);
    sb.append("## Run — ").append(meta.getOrDefault("date", "?")).append(", commit `").append(meta.getOrDefault("commit", "?"))
        .append("`\n\n");
    sb.append("| endpoints in the world | serial creates/s (p50, p99 ms) | 10 clients creates/s (p50, p99 ms) "
        + "| DescribeVpcEndpoints by id p50 / p99 ms | all endpoints p50 ms | heap after GC, MiB (4 nodes) "
        + "| data directory, MiB | largest key, KiB |\n|---|---|---|---|---|---|---|---|\n");
    for (var m : marks)
      sb.append(String.format("| %s | %s (%s, %s) | %s (%s, %s) | %s / %s | %s | %s | %s | %s |%n", m.get("mark"),
          m.get("serial_rate"), m.get("serial_p50_ms"), m.get("serial_p99_ms"), m.get("parallel_rate"),
          m.get("parallel_p50_ms"), m.get("parallel_p99_ms"), m.get("describe_one_p50_ms"), m.get("describe_one_p99_ms"),
          m.get("describe_all_p50_ms"), m.getOrDefault("heap_used_mb", "?"), m.getOrDefault("data_dir_mb", "?"),
          kib(Math.max(num(m, "largest_shard_bytes"), num(m, "largest_segment_bytes")))));
    sb.append('\n');
    Map<String, String> at100 = find(marks, "100"), at1000 = find(marks, "1000"), at5000 = find(marks, "5000");
    sb.append("| goal (issue 9) | measured | target | result |\n|---|---|---|---|\n");
    if (at100 != null && at1000 != null) {
      double r = num(at1000, "serial_rate") / num(at100, "serial_rate");
      sb.append(String.format("| serial rate at 1,000 endpoints / at 100 | %.2f× (%s / %s per s) | ≥ 0.7× | %s |%n", r,
          at1000.get("serial_rate"), at100.get("serial_rate"), Report.verdict(r >= 0.7)));
    }
    for (var m : marks) {
      if (num(m, "mark") < 100) continue;
      double rate = num(m, "serial_rate");
      sb.append(String.format("| serial creates per second at %s endpoints | %.1f | ≥ 30 | %s |%n", m.get("mark"), rate,
          Report.verdict(rate >= 30)));
    }
    if (at5000 != null) {
      double heap = num(at5000, "heap_used_mb");
      sb.append(String.format("| the 5,000-endpoint world in 1 GiB of heap per node | %.0f MiB after GC for all 4 nodes in one JVM "
          + "| < 1024 MiB per node | %s |%n", heap, Report.verdict(heap < 1024)));
    }
    Map<String, String> last = marks.isEmpty() ? null : marks.get(marks.size() - 1);
    if (last != null) {
      double largest = Math.max(num(last, "largest_shard_bytes"), num(last, "largest_segment_bytes"));
      double projected = largest * 10_000 / Math.max(1, num(last, "world"));
      double frame = num(last, "frame_bytes");
      sb.append(String.format("| every replicated key within Artery's frame at 10,000 endpoints | largest %s KiB at %s "
          + "endpoints, so about %s KiB at 10,000 | < %s KiB | %s |%n", kib(largest), last.get("world"), kib(projected),
          kib(frame), Report.verdict(projected < frame)));
    }
    sb.append('\n');
    sb.append("| | |\n|---|---|\n");
    meta.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
    sb.append('\n');
    Path notes = dir.resolve("notes.md");
    if (Files.exists(notes)) sb.append(Files.readString(notes).strip()).append("\n\n");
  }

  private static Map<String, String> find(List<Map<String, String>> marks, String mark) {
    return marks.stream().filter(m -> mark.equals(m.get("mark"))).findFirst().orElse(null);
  }

  private static double num(Map<String, String> m, String key) {
    try {
      return Double.parseDouble(m.getOrDefault(key, "NaN"));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String kib(double bytes) {
    return Double.isNaN(bytes) ? "?" : String.format("%.0f", bytes / 1024);
  }
}
