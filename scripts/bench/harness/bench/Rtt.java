package bench;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;

/** One connection, ping-pong of S bytes: W warm-up and M measured round trips. */
final class Rtt {
  private Rtt() {}

  static void run(Args a) throws Exception {
    int size = a.intOpt("size", 1);
    int warmup = a.intOpt("warmup", 2000);
    int count = a.intOpt("count", 20000);
    byte[] msg = Net.filled(size, 'e');
    byte[] back = new byte[size];
    long[] lat = new long[count];
    int done = 0;
    String error = "";
    try (Socket s = Net.connect(Net.target(a), 5000)) {
      OutputStream out = s.getOutputStream();
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (int i = 0; i < warmup + count; i++) {
        long t0 = System.nanoTime();
        out.write(msg);
        in.readFully(back);
        long t1 = System.nanoTime();
        if (back[0] != 'e' || back[size - 1] != 'e') throw new IllegalStateException("echo_mismatch");
        if (i >= warmup) lat[done++] = t1 - t0;
      }
    } catch (Exception e) {
      error = Net.kind(e);
    }
    long[] s = Stats.sorted(lat, done);
    double mean = 0;
    for (long v : s) mean += v;
    mean = done == 0 ? 0 : mean / done;
    System.out.printf("RESULT mode=rtt size=%d count=%d p50_us=%s p99_us=%s p999_us=%s mean_us=%.1f min_us=%s max_us=%s errors=%d%s%n",
        size, done, Stats.us(Stats.pct(s, 0.50)), Stats.us(Stats.pct(s, 0.99)), Stats.us(Stats.pct(s, 0.999)),
        mean / 1000.0, Stats.us(done == 0 ? 0 : s[0]), Stats.us(done == 0 ? 0 : s[done - 1]),
        error.isEmpty() ? 0 : 1, error.isEmpty() ? "" : " error=" + error);
  }
}
