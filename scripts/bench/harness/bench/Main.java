package bench;

import java.util.Locale;

/**
 * Entry point of the data-plane load harness (plain JDK, no dependencies). Every mode stops by
 * itself: a watchdog ends the process after --max-seconds whatever happens, and every client mode
 * is bounded in time and in count. Client and server modes only ever use 127.0.0.0/8 addresses.
 */
public final class Main {
  private Main() {}

  static final String USAGE = """
      usage: java -cp CLASSES bench.Main MODE [--option value]...
        server    --host 127.0.0.1 --port N [--stats-file F] [--max-seconds S]
                  one port, thread per connection, TCP_NODELAY; skips a leading Proxy Protocol v2
                  header; the first data byte picks the behaviour: 's' sink (counts bytes, answers
                  the count as 8 bytes after the client's EOF), 'o' source (streams until the client
                  goes), anything else echo
        bulk      --host H --port N --flows F --seconds T [--chunk 65536]
        rtt       --host H --port N --size S --warmup W --count M
        connrate  --host H --port N --threads C --seconds T [--max-count N]
        idle      --host H --port N --conns K --hold H [--openers 4] [--plateau-file F]
        srcport   --host H --port N --src 127.x.y.z --how port0|port0reuse|explicit --seconds 60 --threads 4
        threadcpu --before JSTACK1 --after JSTACK2 --seconds T [--top 8]
        jfrtop    --file RECORDING.jfr [--top 12] [--inclusive plemu.,org.apache.pekko.stream.]
        cpload    --api URL --provider TOKEN --consumer TOKEN --consumer-account ID [--operator TOKEN]
                  [--endpoints 5000] [--clients 10] [--window 50] [--marks 1,100,1000,5000] [--sync DIR]
                  [--warmup 300]
                  control-plane load: interface endpoints created through the API (issue 9)
        report    --dir RESULTS_DIR --out FILE.md [--analysis FILE.md]
      Client modes print one line 'RESULT key=value ...'. All modes take --max-seconds
      (a hard bound; the process halts when it passes).
      """;

  public static void main(String[] argv) throws Exception {
    Locale.setDefault(Locale.ROOT);
    if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
      System.out.print(USAGE);
      return;
    }
    String mode = argv[0];
    Args args = Args.parse(argv, 1);
    long defaultBound = switch (mode) {
      case "server" -> 4 * 3600;
      case "cpload" -> 3 * 3600;
      case "report", "threadcpu", "jfrtop" -> 120;
      default -> 900;
    };
    Watchdog.start(args.longOpt("max-seconds", defaultBound), mode);
    switch (mode) {
      case "server" -> Server.run(args);
      case "bulk" -> Bulk.run(args);
      case "rtt" -> Rtt.run(args);
      case "connrate" -> ConnRate.run(args);
      case "idle" -> Idle.run(args);
      case "threadcpu" -> ThreadCpu.run(args);
      case "jfrtop" -> JfrTop.run(args);
      case "srcport" -> SrcPort.run(args);
      case "cpload" -> CpLoad.run(args);
      case "report" -> Report.run(args);
      default -> {
        System.err.print(USAGE);
        System.exit(2);
      }
    }
    System.out.flush();
    // Daemon threads (server connections, watchdog) must not keep a finished client alive.
    if (!mode.equals("server")) System.exit(0);
  }
}
