package bench;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * N flows, each writing fixed-size chunks to the sink for T seconds, then half-closing and waiting
 * for the sink's byte count (which checks that every byte arrived). Throughput is the bytes of all
 * flows over the time from the common start to the last flow's count.
 */
final class Bulk {
  private Bulk() {}

  static void run(Args a) throws Exception {
    InetSocketAddress to = Net.target(a);
    int flows = a.intOpt("flows", 1);
    double seconds = a.dblOpt("seconds", 3);
    int chunkSize = a.intOpt("chunk", 64 * 1024);
    byte[] chunk = Net.filled(chunkSize, 's');
    Socket[] socks = new Socket[flows];
    for (int i = 0; i < flows; i++) {
      socks[i] = Net.connect(to, 5000);
      socks[i].setSoTimeout(30_000);
    }
    long[] sent = new long[flows];
    long[] acked = new long[flows];
    long[] endNs = new long[flows];
    String[] error = new String[flows];
    CountDownLatch go = new CountDownLatch(1);
    long[] startNs = new long[1];
    Thread[] ts = new Thread[flows];
    for (int i = 0; i < flows; i++) {
      final int f = i;
      ts[i] = new Thread(() -> {
        try {
          go.await();
          long deadline = startNs[0] + (long) (seconds * 1e9);
          OutputStream out = socks[f].getOutputStream();
          long n = 0;
          while (System.nanoTime() < deadline) {
            out.write(chunk);
            n += chunkSize;
          }
          sent[f] = n;
          socks[f].shutdownOutput();
          acked[f] = new DataInputStream(socks[f].getInputStream()).readLong();
          endNs[f] = System.nanoTime();
          if (acked[f] != n) error[f] = "count_mismatch_sent_" + n + "_received_" + acked[f];
        } catch (Exception e) {
          error[f] = Net.kind(e);
        } finally {
          try {
            socks[f].close();
          } catch (Exception ignored) {
            // closing
          }
        }
      }, "flow-" + i);
      ts[i].start();
    }
    startNs[0] = System.nanoTime();
    go.countDown();
    for (Thread t : ts) t.join((long) (seconds * 1000) + 60_000);
    long total = 0, end = startNs[0];
    int errors = 0;
    String firstError = "";
    double minFlow = Double.MAX_VALUE, maxFlow = 0;
    for (int i = 0; i < flows; i++) {
      total += sent[i];
      if (error[i] != null || endNs[i] == 0) {
        errors++;
        if (firstError.isEmpty()) firstError = error[i] == null ? "unfinished" : error[i];
        continue;
      }
      end = Math.max(end, endNs[i]);
      double g = sent[i] * 8.0 / (endNs[i] - startNs[0]);
      minFlow = Math.min(minFlow, g);
      maxFlow = Math.max(maxFlow, g);
    }
    double secs = (end - startNs[0]) / 1e9;
    double gbps = errors == flows || secs <= 0 ? 0 : total * 8.0 / (end - startNs[0]);
    System.out.printf("RESULT mode=bulk flows=%d chunk=%d secs=%.3f bytes=%d gbps=%.2f flow_min=%.2f flow_max=%.2f errors=%d%s%n",
        flows, chunkSize, secs, total, gbps, errors == flows ? 0 : minFlow, maxFlow, errors,
        firstError.isEmpty() ? "" : " error=" + firstError);
  }
}
