package bench;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opens K connections (each proven end to end by one echoed byte), holds them idle for H seconds
 * (the plateau: --plateau-file is written and 'PLATEAU' printed when all are open), then checks
 * each with one more echoed byte and closes them all.
 */
final class Idle {
  private Idle() {}

  static void run(Args a) throws Exception {
    InetSocketAddress to = Net.target(a);
    int conns = a.intOpt("conns", 1000);
    int hold = a.intOpt("hold", 10);
    int openers = a.intOpt("openers", 4);
    int openSeconds = a.intOpt("open-seconds", 120);
    String plateau = a.str("plateau-file", "");
    Socket[] socks = new Socket[conns];
    AtomicInteger next = new AtomicInteger();
    Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    long openDeadline = t0 + openSeconds * 1_000_000_000L;
    Thread[] ts = new Thread[openers];
    for (int i = 0; i < openers; i++) {
      ts[i] = new Thread(() -> {
        int c;
        while ((c = next.getAndIncrement()) < conns && System.nanoTime() < openDeadline) {
          Socket s = null;
          try {
            s = Net.connect(to, 5000);
            s.setSoTimeout(15_000); // the target starts a thread per connection: allow for a busy machine
            s.getOutputStream().write('e');
            if (s.getInputStream().read() != 'e') throw new IllegalStateException("no_echo");
            socks[c] = s;
          } catch (Exception e) {
            kinds.computeIfAbsent(Net.kind(e), k -> new LongAdder()).increment();
            if (s != null) try {
              s.close();
            } catch (Exception ignored) {
              // closing
            }
          }
        }
      }, "open-" + i);
      ts[i].start();
    }
    for (Thread t : ts) t.join(openSeconds * 1000L + 10_000);
    double openSecs = (System.nanoTime() - t0) / 1e9;
    int open = 0;
    for (Socket s : socks) if (s != null) open++;
    System.out.println("PLATEAU open=" + open);
    System.out.flush();
    if (!plateau.isEmpty()) Files.write(Path.of(plateau), ("open=" + open + "\n").getBytes(StandardCharsets.US_ASCII));
    Thread.sleep(hold * 1000L);
    // Check: one byte out on every connection, then one byte back from each (bounded in time).
    int held = 0;
    for (Socket s : socks) {
      if (s == null) continue;
      try {
        s.getOutputStream().write('e');
      } catch (Exception e) {
        kinds.computeIfAbsent("check_" + Net.kind(e), k -> new LongAdder()).increment();
      }
    }
    long checkDeadline = System.nanoTime() + 60_000_000_000L;
    for (Socket s : socks) {
      if (s == null) continue;
      try {
        if (System.nanoTime() > checkDeadline) throw new IllegalStateException("check_deadline");
        s.setSoTimeout(2000);
        InputStream in = s.getInputStream();
        if (in.read() == 'e') held++;
        else kinds.computeIfAbsent("check_closed", k -> new LongAdder()).increment();
      } catch (Exception e) {
        kinds.computeIfAbsent("check_" + Net.kind(e), k -> new LongAdder()).increment();
      }
    }
    for (Socket s : socks) if (s != null) try {
      s.close();
    } catch (Exception ignored) {
      // closing
    }
    StringBuilder kb = new StringBuilder();
    new TreeMap<>(kinds).forEach((kind, n) -> kb.append(kb.length() == 0 ? "" : ";").append(kind).append('=').append(n.sum()));
    System.out.printf("RESULT mode=idle requested=%d open=%d held=%d hold_s=%d open_secs=%.2f errors=%d%s%n",
        conns, open, held, hold, openSecs, conns - held, kb.length() == 0 ? "" : " errkinds=" + kb);
  }
}
