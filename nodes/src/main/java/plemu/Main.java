package plemu;

import java.util.Arrays;
import plemu.launcher.NodeCommand;
import plemu.launcher.UpCommand;

/** The plemu command line: {@code up} (embedded cluster) and {@code node} (one node per process). */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    // Logging first, on this thread alone: SLF4J initialising while other threads already log
    // queues their lines and prints "replayed" warnings.
    org.slf4j.LoggerFactory.getILoggerFactory();
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (command) {
      case "up" -> UpCommand.run(rest);
      case "node" -> NodeCommand.run(rest);
      default -> {
        System.out.println("""
            usage: plemu up [SCENARIO.yaml] [--api-port N] [--data-dir DIR] [--fresh]
                     a whole topology in one JVM (default scenario: config/scenarios/default.yaml)
                   plemu node --role region|az --name NAME --region REGION [--az-id AZ_ID]
                              [--port N] [--seed HOST:PORT]... [--api-port N] [--data-dir DIR]
                              [--scenario SCENARIO.yaml] [--config FILE.conf]
                     one node in this process""");
        if (!command.equals("help")) System.exit(2);
      }
    }
  }
}
