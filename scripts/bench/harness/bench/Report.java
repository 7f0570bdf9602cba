package bench;

import static bench.MeasureTable.fmt;
import static bench.MeasureTable.lines;
import static bench.MeasureTable.table;
import static bench.ResultRun.median;
import static bench.ResultRun.parse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes docs/PERFORMANCE.md from the result directories dataplane.sh leaves under
 * scripts/bench/results/ ({@link ResultRun}): the goals, the machine, the table of measures
 * ({@link MeasureTable}), observations, the experiment and source-port runs.
 */
final class Report {
  private Report() {}

  static String verdict(boolean ok) {
    return ok ? "**PASS**" : "**MISS**";
  }

  /** The goals for one plemu path against the yardsticks of the same run. */
  static void goals(StringBuilder sb, ResultRun run, String plemu, String hap, String hapTuned, String hapLabel) {
    sb.append("| goal (issue 3) | measured | target | result |\n|---|---|---|---|\n");
    for (String[] t : new String[][] {{"bulk1", "1 flow"}, {"bulk8", "8 flows"}}) {
      double pl = run.med(t[0], plemu, "gbps"), h = run.med(t[0], hap, "gbps"), ht = run.med(t[0], hapTuned, "gbps");
      if (!Double.isNaN(pl) && !Double.isNaN(h))
        sb.append(String.format("| bulk %s: plemu / %s default | %.2f× (%.1f / %.1f Gbit/s) | ≥ 1.0× | %s |%n",
            t[1], hapLabel, pl / h, pl, h, verdict(pl / h >= 1.0)));
      if (!Double.isNaN(pl) && !Double.isNaN(ht))
        sb.append(String.format("| bulk %s: plemu / %s `tune.bufsize 262144` | %.2f× (%.1f / %.1f Gbit/s) | ≥ 0.75× | %s |%n",
            t[1], hapLabel, pl / ht, pl, ht, verdict(pl / ht >= 0.75)));
    }
    for (String[] t : new String[][] {{"rtt1", "1 B"}, {"rtt16k", "16 KiB"}}) {
      double pl = run.med(t[0], plemu, "p50_us"), d = run.med(t[0], "direct", "p50_us");
      if (!Double.isNaN(pl) && !Double.isNaN(d))
        sb.append(String.format("| added median latency, %s: plemu p50 − direct p50 | %.0f µs (%.0f − %.0f) | ≤ 100 µs | %s |%n",
            t[1], pl - d, pl, d, verdict(pl - d <= 100)));
    }
    double cr = run.med("connrate", plemu, "rate"), crh = run.med("connrate", hap, "rate");
    if (!Double.isNaN(cr) && !Double.isNaN(crh)) {
      double errs = run.sum("connrate", plemu, "errors");
      double secs = parse(run.m("connrate_s"));
      boolean ok = cr / crh >= 0.5 && errs == 0 && secs >= 60;
      String cond = secs >= 60 ? "" : " (this run lasted " + run.m("connrate_s") + " s: the goal needs 60 s)";
      sb.append(String.format("| new conn/s, %s threads: plemu / %s, sustained %s s, zero errors | %.2f× (%.0f / %.0f conn/s), %.0f errors%s | ≥ 0.5×, 60 s, 0 errors | %s |%n",
          run.m("connrate_threads"), hapLabel, run.m("connrate_s"), cr / crh, cr, crh, errs, cond,
          secs >= 60 || !(cr / crh >= 0.5 && errs == 0) ? verdict(ok) : "not shown (short run)"));
    }
    double held = run.med("idle", plemu, "held"), req = run.med("idle", plemu, "requested");
    double heap = run.med("idle", plemu, "heap_postgc_mb"), peak = run.med("idle", plemu, "heap_peak_mb");
    double base = run.med("idle", plemu, "heap_base_mb");
    if (!Double.isNaN(held)) {
      String measured = String.format("%.0f of %.0f flows held; heap after GC %.0f MiB (before the flows %.0f), peak used %.0f MiB",
          held, req, heap, base, peak);
      String result;
      if (req >= 10_000) result = verdict(held >= 10_000 && heap < 1024 && peak < 1024);
      else {
        double perFlow = held > 0 ? (heap - base) / held : Double.NaN;
        double projected = base + perFlow * 10_000;
        measured += String.format("; %.1f KiB per flow → %.0f MiB projected for 10,000", perFlow * 1024, projected);
        result = "not measured at 10,000 (" + run.m("idle_limit_reason") + ")"
            + (held >= req && projected < 1024 ? "; projection under 1 GiB" : "; **MISS** at the measured count");
      }
      sb.append("| 10,000 idle flows on one AZ node under 1 GiB heap | " + measured + " | < 1024 MiB, all held | " + result + " |\n");
    }
  }

  static void machine(StringBuilder sb, ResultRun run) {
    sb.append("| | |\n|---|---|\n");
    for (String[] k : new String[][] {
        {"date", "date (UTC)"}, {"commit", "git commit"}, {"jar", "plemu jar"}, {"machine", "machine"}, {"kernel", "kernel"},
        {"java", "java -version"}, {"plemu_jvm", "plemu JVM command line"}, {"plemu_idle_cpu", "plemu JVM idle CPU (no traffic)"},
        {"haproxy", "HAProxy"}, {"haproxy_cfg", "HAProxy configuration"}, {"client_jvm", "harness JVMs"},
        {"limits", "limits and sysctls"}, {"load", "load average at start → end"}, {"durations", "durations"},
        {"order", "order"}, {"via", "plemu entry"}, {"elapsed", "run time"}}) {
      if (run.meta.containsKey(k[0])) sb.append("| ").append(k[1]).append(" | ").append(run.meta.get(k[0])).append(" |\n");
    }
    run.meta.forEach((k, v) -> {
      if (k.startsWith("opts.")) sb.append("| JVM options of ").append(run.label(k.substring(5))).append(" | ").append(v).append(" |\n");
    });
  }

  static void mainRun(StringBuilder sb, ResultRun run, String title) {
    sb.append("## ").append(title).append(" — ").append(run.m("date")).append(", commit ").append(run.m("commit")).append("\n\n");
    sb.append(run.meta.getOrDefault("summary", "")).append("\n\n");
    table(sb, run, run.paths(), lines(run));
    sb.append("\nCells: median over the rounds, with (min–max) when there was more than one. Proxy CPU is utime+stime of the proxy process over the run (100 % = one core); the client and the target share the same 2 cores.\n\n");
    sb.append("### Goals\n\n");
    goals(sb, run, "plemu", "haproxy", "haproxy-256k", "HAProxy");
    if (run.paths().contains("plemu-ppv2")) {
      sb.append("\nWith Proxy Protocol v2 on (plemu and HAProxy `send-proxy-v2`, informative):\n\n");
      sb.append("| figure | plemu PPv2 / HAProxy PPv2 |\n|---|---|\n");
      for (String[] t : new String[][] {{"bulk1", "gbps", "bulk 1 flow, Gbit/s", "1"}, {"bulk8", "gbps", "bulk 8 flows, Gbit/s", "1"},
          {"connrate", "rate", "new conn/s", "0"}}) {
        double a = run.med(t[0], "plemu-ppv2", t[1]), b = run.med(t[0], "haproxy-ppv2", t[1]);
        int d = Integer.parseInt(t[3]);
        if (!Double.isNaN(a) && !Double.isNaN(b))
          sb.append(String.format("| %s | %.2f× (%s / %s) |%n", t[2], a / b, fmt(a, d), fmt(b, d)));
      }
      double a = run.med("rtt1", "plemu-ppv2", "p50_us"), d = run.med("rtt1", "direct", "p50_us");
      if (!Double.isNaN(a) && !Double.isNaN(d)) sb.append(String.format("| added median latency 1 B over direct | %.0f µs |%n", a - d));
    }
    observed(sb, run);
    sb.append("\n### Machine, versions, settings\n\n");
    machine(sb, run);
    sb.append('\n');
  }

  static void observed(StringBuilder sb, ResultRun run) {
    if (!run.notes.isBlank()) sb.append("\n### What the run observed\n\n").append(run.notes.strip()).append("\n");
    if (!run.profiles.isBlank())
      sb.append("\n#### Where the plemu JVM's CPU goes\n\nThread tables: two `jcmd <pid> Thread.print` snapshots (each thread's `cpu=`) around a measured run; "
          + "the thread names are the same in the 4 ActorSystems of the JVM, so a group sums them all (only the AZ node carries traffic). "
          + "JFR tables: a recording with `settings=profile` during an extra run after the measured ones.\n")
          .append(run.profiles.stripTrailing()).append("\n");
  }

  static void experiment(StringBuilder sb, ResultRun run) {
    sb.append("## Experiment: plemu with PROXY-TUNING's JVM/Pekko settings — ").append(run.m("date")).append(", commit ")
        .append(run.m("commit")).append("\n\n");
    sb.append(run.meta.getOrDefault("summary", "")).append("\n\n");
    List<MeasureTable.Line> ls = lines(run);
    table(sb, run, run.paths(), ls);
    List<String> variants = run.paths().stream().filter(p -> p.startsWith("plemu")).toList();
    if (variants.size() > 1) {
      String base = variants.get(0);
      sb.append("\nChange against ").append(run.label(base)).append(" (medians; positive = more):\n\n| figure |");
      for (String v : variants.subList(1, variants.size())) sb.append(' ').append(run.label(v)).append(" |");
      sb.append("\n|---|");
      for (int i = 1; i < variants.size(); i++) sb.append("---|");
      sb.append('\n');
      for (String[] t : new String[][] {{"bulk1", "gbps", "bulk 1 flow Gbit/s"}, {"bulk8", "gbps", "bulk 8 flows Gbit/s"},
          {"bulk1", "cpu", "proxy CPU, bulk 1 flow"}, {"bulk8", "cpu", "proxy CPU, bulk 8 flows"},
          {"rtt1", "p50_us", "RTT 1 B p50"}, {"rtt16k", "p50_us", "RTT 16 KiB p50"}, {"rtt1", "p99_us", "RTT 1 B p99"},
          {"connrate", "rate", "new conn/s"}, {"connrate", "cpu", "proxy CPU, conn/s run"}}) {
        double b = run.med(t[0], base, t[1]);
        if (Double.isNaN(b)) continue;
        sb.append("| ").append(t[2]).append(" |");
        for (String v : variants.subList(1, variants.size())) {
          double x = run.med(t[0], v, t[1]);
          sb.append(Double.isNaN(x) ? " — |" : String.format(" %+.0f %% |", (x / b - 1) * 100));
        }
        sb.append('\n');
      }
      sb.append("\nGoal ratios per variant (same run):\n\n| variant | bulk 1 / HAProxy | bulk 8 / HAProxy | bulk 1 / HAProxy 256K | bulk 8 / HAProxy 256K | added p50 1 B µs | added p50 16 KiB µs | conn/s / HAProxy |\n|---|---|---|---|---|---|---|---|\n");
      for (String v : variants) {
        sb.append("| ").append(run.label(v)).append(" |");
        for (String[] t : new String[][] {{"bulk1", "haproxy"}, {"bulk8", "haproxy"}, {"bulk1", "haproxy-256k"}, {"bulk8", "haproxy-256k"}}) {
          double x = run.med(t[0], v, "gbps"), y = run.med(t[0], t[1], "gbps");
          sb.append(Double.isNaN(x) || Double.isNaN(y) ? " — |" : String.format(" %.2f× |", x / y));
        }
        for (String t : new String[] {"rtt1", "rtt16k"}) {
          double x = run.med(t, v, "p50_us"), y = run.med(t, "direct", "p50_us");
          sb.append(Double.isNaN(x) || Double.isNaN(y) ? " — |" : String.format(" %.0f |", x - y));
        }
        double x = run.med("connrate", v, "rate"), y = run.med("connrate", "haproxy", "rate");
        sb.append(Double.isNaN(x) || Double.isNaN(y) ? " — |" : String.format(" %.2f× |", x / y));
        sb.append('\n');
      }
    }
    observed(sb, run);
    sb.append("\n### Machine, versions, settings\n\n");
    machine(sb, run);
    sb.append('\n');
  }

  static void srcport(StringBuilder sb, ResultRun run) {
    sb.append("## Experiment: the TIME_WAIT trap of a bound source address, without plemu — ").append(run.m("date")).append("\n\n");
    sb.append(run.meta.getOrDefault("summary", "")).append("\n\n");
    sb.append("| how the source port is chosen | connections | conn/s | errors | first error | conn/s, mean of each 5 s | TIME_WAIT on the source at the end |\n|---|---|---|---|---|---|---|\n");
    for (ResultRun.Row r : run.rows) {
      if (!r.test().equals("srcport")) continue;
      sb.append("| ").append(run.label(r.path())).append(" | ").append(fmt(parse(r.kv().getOrDefault("conns", "")), 0)).append(" | ")
          .append(fmt(parse(r.kv().getOrDefault("rate", "")), 0)).append(" | ").append(fmt(parse(r.kv().getOrDefault("errors", "")), 0))
          .append(" | ").append(r.kv().containsKey("error") ? "`" + r.kv().get("error") + "`" : "—").append(" | ")
          .append(r.kv().getOrDefault("rate_per_5s", "").replace(",", ", ")).append(" | ").append(r.kv().getOrDefault("tw_src", "—")).append(" |\n");
    }
    observed(sb, run);
    sb.append("\n### Machine, versions, settings\n\n");
    machine(sb, run);
    sb.append('\n');
  }

  static void run(Args a) throws Exception {
    Path dir = Path.of(a.required("dir"));
    Path out = Path.of(a.required("out"));
    String analysis = a.str("analysis", "");
    StringBuilder sb = new StringBuilder();
    sb.append("# Data-plane performance\n\n");
    sb.append("""
        Written by `scripts/bench/dataplane.sh` from the raw results it keeps in `scripts/bench/results/`
        (do not edit by hand: the next run rewrites this file; the hand-written analysis comes from
        `scripts/bench/analysis.md`). Run it as root from anywhere:

        ```sh
        scripts/bench/dataplane.sh --quick        # a few minutes: short durations, to try it out
        scripts/bench/dataplane.sh                # the full run (bulk 8 s × 2 rounds, 20,000 RTT, 60 s conn/s, 10,000 idle flows)
        scripts/bench/dataplane.sh --experiment   # plemu with PROXY-TUNING's JVM/Pekko settings, one JVM per variant
        scripts/bench/dataplane.sh --srcport      # the TIME_WAIT trap of a bound source address, without plemu
        ```

        Paths, all on loopback and all through one hop: **direct** (client → target), **HAProxy 2.6**
        in `mode tcp` configured like an NLB node (a health `check` on the target, `source` bound to an
        address of its own, a fresh one for every conn/s and idle run), the same with
        `tune.bufsize 262144`, and **plemu** (client → interface endpoint ENI → NLB node → target,
        or with `--via nlb` client → NLB node → target: the run's "via" line says which; set up
        through the API: one NLB with one node, a target group of type ip with the target
        registered with `AvailabilityZone` `all`, a TCP listener, an endpoint service and a consumer
        account's interface endpoint in the same AZ, whose ENI hands each flow to the NLB node inside
        the AZ node; a fresh NLB and endpoint, hence a fresh source address, for every conn/s and
        idle run). The PPv2 columns turn on `send-proxy-v2` / `proxy_protocol_v2.enabled`.
        The target is the harness's own server (blocking, a thread per connection, TCP_NODELAY; it
        skips and counts Proxy Protocol v2 headers). Client, proxy and target share the machine's
        2 cores, so a proxied bulk test saturates the CPU; absolute figures are a floor for this box and
        noisy (another engineer may be compiling on it), the ratios from the same run are what counts.

        """);
    Path full = dir.resolve("full"), exp = dir.resolve("experiment"), quick = dir.resolve("quick");
    if (Files.exists(full.resolve("meta.txt"))) mainRun(sb, new ResultRun(full), "Full run");
    if (!analysis.isEmpty() && Files.exists(Path.of(analysis))) sb.append(Files.readString(Path.of(analysis)).strip()).append("\n\n");
    if (Files.exists(exp.resolve("meta.txt"))) experiment(sb, new ResultRun(exp));
    Path src = dir.resolve("srcport");
    if (Files.exists(src.resolve("meta.txt"))) srcport(sb, new ResultRun(src));
    if (Files.exists(quick.resolve("meta.txt"))) mainRun(sb, new ResultRun(quick), "Quick run (`--quick`, indicative only)");
    ControlPlaneReport.section(sb, dir.resolve("controlplane"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }
}
