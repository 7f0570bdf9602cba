package bench;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * C threads, each repeating connect / write 1 byte / read 1 byte / close for T seconds (and at most
 * --max-count connections in all). Reports connections per second, the latency of the whole cycle,
 * errors by kind, and the rate over time (first and last 10 s) to show a slowdown.
 */
final class ConnRate {
  private ConnRate() {}

  static void run(Args a) throws Exception {
    InetSocketAddress to = Net.target(a);
    int threads = a.intOpt("threads", 4);
    int seconds = a.intOpt("seconds", 10);
    long maxCount = a.longOpt("max-count", 5_000_000);
    AtomicLong budget = new AtomicLong(maxCount);
    AtomicLongArray okPerSec = new AtomicLongArray(seconds + 2);
    AtomicLongArray errPerSec = new AtomicLongArray(seconds + 2);
    Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
    long[][] lat = new long[threads][];
    int[] nLat = new int[threads];
    long start = System.nanoTime();
    long deadline = start + seconds * 1_000_000_000L;
    Thread[] ts = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      final int t = i;
      ts[i] = new Thread(() -> {
        long[] l = new long[1 << 16];
        int n = 0;
        long now;
        while ((now = System.nanoTime()) < deadline && budget.getAndDecrement() > 0) {
          int sec = (int) ((now - start) / 1_000_000_000L);
          try (Socket s = Net.connect(to, 5000)) {
            s.getOutputStream().write('e');
            InputStream in = s.getInputStream();
            int r = in.read();
            if (r != 'e') throw new IllegalStateException(r < 0 ? "eof_before_echo" : "wrong_byte");
            long d = System.nanoTime() - now;
            if (n == l.length) l = Arrays.copyOf(l, n * 2);
            l[n++] = d;
            okPerSec.incrementAndGet(sec);
          } catch (Exception e) {
            errPerSec.incrementAndGet(sec);
            kinds.computeIfAbsent(Net.kind(e), k -> new LongAdder()).increment();
          }
        }
        lat[t] = l;
        nLat[t] = n;
      }, "conn-" + i);
      ts[i].start();
    }
    for (Thread t : ts) t.join(seconds * 1000L + 30_000);
    double elapsed = (System.nanoTime() - start) / 1e9;
    int total = 0;
    for (int n : nLat) total += n;
    long[] all = new long[total];
    int k = 0;
    for (int t = 0; t < threads; t++) {
      if (lat[t] == null) continue;
      System.arraycopy(lat[t], 0, all, k, nLat[t]);
      k += nLat[t];
    }
    Arrays.sort(all, 0, k);
    long[] sorted = Arrays.copyOf(all, k);
    long errors = 0;
    int firstErrorSec = -1;
    for (int s = 0; s < errPerSec.length(); s++) {
      errors += errPerSec.get(s);
      if (firstErrorSec < 0 && errPerSec.get(s) > 0) firstErrorSec = s;
    }
    int w = Math.min(10, seconds);
    long first = 0, last = 0;
    for (int s = 0; s < w; s++) {
      first += okPerSec.get(s);
      last += okPerSec.get(seconds - w + s);
    }
    StringBuilder kb = new StringBuilder();
    new TreeMap<>(kinds).forEach((kind, n) -> kb.append(kb.length() == 0 ? "" : ";").append(kind).append('=').append(n.sum()));
    StringBuilder per = new StringBuilder();
    for (int s = 0; s < seconds; s++) per.append(s == 0 ? "" : ",").append(okPerSec.get(s));
    System.out.printf("RESULT mode=connrate threads=%d secs=%.2f conns=%d rate=%.0f p50_us=%s p99_us=%s errors=%d"
        + " first_error_s=%d rate_first%d=%.0f rate_last%d=%.0f per_sec=%s%s%n",
        threads, elapsed, k, k / elapsed, Stats.us(Stats.pct(sorted, 0.5)), Stats.us(Stats.pct(sorted, 0.99)), errors,
        firstErrorSec, w, first / (double) w, w, last / (double) w, per, kb.length() == 0 ? "" : " errkinds=" + kb);
  }
}
