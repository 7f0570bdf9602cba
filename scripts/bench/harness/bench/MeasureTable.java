package bench;

import static bench.ResultRun.median;
import static bench.ResultRun.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The table of measures of one run, a column per path: each cell the median (and range) over the rounds. */
final class MeasureTable {
  private MeasureTable() {}

  static String fmt(double v, int decimals) {
    if (Double.isNaN(v)) return "—";
    return String.format("%,." + decimals + "f", v);
  }

  /** "median (min–max)" over the rounds, or the single value. */
  static String cell(ResultRun run, String test, String path, String key, int decimals) {
    double[] v = run.values(test, path, key);
    if (v.length == 0) return "—";
    if (v.length == 1) return fmt(v[0], decimals);
    double min = Arrays.stream(v).min().getAsDouble(), max = Arrays.stream(v).max().getAsDouble();
    return fmt(median(v), decimals) + " (" + fmt(min, decimals) + "–" + fmt(max, decimals) + ")";
  }

  static String pair(ResultRun run, String test, String path, String k1, String k2, int decimals) {
    double a = run.med(test, path, k1), b = run.med(test, path, k2);
    if (Double.isNaN(a) && Double.isNaN(b)) return "—";
    return fmt(a, decimals) + " / " + fmt(b, decimals);
  }

  record Line(String label, Function<String, String> cell) {}

  static void table(StringBuilder sb, ResultRun run, List<String> paths, List<Line> lines) {
    sb.append("| measure |");
    for (String p : paths) sb.append(' ').append(run.label(p)).append(" |");
    sb.append("\n|---|");
    for (int i = 0; i < paths.size(); i++) sb.append("---|");
    sb.append('\n');
    for (Line l : lines) {
      StringBuilder row = new StringBuilder("| " + l.label + " |");
      boolean any = false;
      for (String p : paths) {
        String c = l.cell.apply(p);
        any |= !c.equals("—");
        row.append(' ').append(c).append(" |");
      }
      if (any) sb.append(row).append('\n');
    }
  }

  static List<Line> lines(ResultRun run) {
    String bulkS = run.m("bulk_s"), crS = run.m("connrate_s"), crT = run.m("connrate_threads");
    List<Line> l = new ArrayList<>();
    l.add(new Line("bulk, 1 flow, Gbit/s (" + bulkS + " s)", p -> cell(run, "bulk1", p, "gbps", 1)));
    l.add(new Line("bulk, 8 flows, Gbit/s (" + bulkS + " s)", p -> cell(run, "bulk8", p, "gbps", 1)));
    l.add(new Line("proxy CPU %, bulk 1 / 8 flows (100 = one core)", p -> pair(run, "bulk1", "bulk8", p)));
    l.add(new Line("proxy CPU % user + system, bulk 1 flow", p -> {
      double u = run.med("bulk1", p, "cpu_us"), y = run.med("bulk1", p, "cpu_sy");
      return Double.isNaN(u) ? "—" : fmt(u, 0) + " + " + fmt(y, 0);
    }));
    for (String[] t : new String[][] {{"rtt1", "1 B"}, {"rtt16k", "16 KiB"}}) {
      l.add(new Line("RTT " + t[1] + " p50, µs", p -> cell(run, t[0], p, "p50_us", 0)));
      l.add(new Line("RTT " + t[1] + " p99, µs", p -> cell(run, t[0], p, "p99_us", 0)));
      l.add(new Line("RTT " + t[1] + " p99.9, µs", p -> cell(run, t[0], p, "p999_us", 0)));
    }
    l.add(new Line("bulk and RTT runs that failed (see the notes)", p -> {
      long n = run.rows.stream().filter(r -> r.path().equals(p) && !r.test().equals("connrate") && !r.test().equals("idle")
          && parse(r.kv().getOrDefault("errors", "0")) > 0).count();
      return n == 0 ? "—" : String.valueOf(n);
    }));
    l.add(new Line("new conn/s (" + crT + " threads, " + crS + " s)", p -> cell(run, "connrate", p, "rate", 0)));
    if (parse(crS) >= 30) l.add(new Line("conn/s in the first 10 s → the last 10 s", p -> {
      double a = run.med("connrate", p, "rate_first10"), b = run.med("connrate", p, "rate_last10");
      return Double.isNaN(a) ? "—" : fmt(a, 0) + " → " + fmt(b, 0);
    }));
    l.add(new Line("connection cycle p50 / p99, µs", p -> pair(run, "connrate", p, "p50_us", "p99_us", 0)));
    l.add(new Line("connection errors", p -> {
      double e = run.sum("connrate", p, "errors");
      return Double.isNaN(e) ? "—" : fmt(e, 0);
    }));
    l.add(new Line("errors the target saw in the conn/s run (after data)", p -> cell(run, "connrate", p, "target_errors", 0)));
    l.add(new Line("proxy CPU %, conn/s run", p -> cell(run, "connrate", p, "cpu", 0)));
    l.add(new Line("TIME_WAIT on the proxy's source address after the conn/s run", p -> cell(run, "connrate", p, "tw_src", 0)));
    l.add(new Line("idle flows held / requested (hold " + run.m("idle_hold") + " s)", p -> {
      double h = run.med("idle", p, "held"), r = run.med("idle", p, "requested");
      return Double.isNaN(h) ? "—" : fmt(h, 0) + " / " + fmt(r, 0);
    }));
    l.add(new Line("proxy RSS with the idle flows, MiB", p -> cell(run, "idle", p, "rss_mb", 0)));
    l.add(new Line("plemu heap: before / peak / after GC at plateau, MiB", p -> {
      double b = run.med("idle", p, "heap_base_mb"), pk = run.med("idle", p, "heap_peak_mb"), g = run.med("idle", p, "heap_postgc_mb");
      return Double.isNaN(g) ? "—" : fmt(b, 0) + " / " + fmt(pk, 0) + " / " + fmt(g, 0);
    }));
    return l;
  }

  static String pair(ResultRun run, String t1, String t2, String p) {
    double a = run.med(t1, p, "cpu"), b = run.med(t2, p, "cpu");
    if (Double.isNaN(a) && Double.isNaN(b)) return "—";
    return fmt(a, 0) + " / " + fmt(b, 0);
  }
}
