package bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The TIME_WAIT trap of a bound source address, without plemu: T threads open connections from
 * --src to the echo server for S seconds, send a byte, half-close first (so TIME_WAIT lands on the
 * source side, as on an NLB node whose client closed), read the echo and EOF.
 * --how port0: bind(src:0), what Pekko's outgoingConnection(localAddress) does;
 * port0reuse: the same with SO_REUSEADDR; explicit: SO_REUSEADDR and bind(src:p) with p from a
 * round-robin allocator over --range (default 32768-60999), the next port on EADDRINUSE.
 */
final class SrcPort {
  private SrcPort() {}

  static void run(Args a) throws Exception {
    InetSocketAddress to = Net.target(a);
    String src = Net.loopback(a.required("src")).getHostAddress();
    String how = a.str("how", "port0");
    int seconds = a.intOpt("seconds", 60);
    int threads = a.intOpt("threads", 4);
    String[] range = a.str("range", "32768-60999").split("-");
    int lo = Integer.parseInt(range[0]), hi = Integer.parseInt(range[1]);
    boolean explicit = how.equals("explicit"), reuse = explicit || how.equals("port0reuse");
    AtomicInteger next = new AtomicInteger(), ok = new AtomicInteger(), fail = new AtomicInteger(), retries = new AtomicInteger();
    AtomicIntegerArray perSec = new AtomicIntegerArray(seconds + 2);
    AtomicReference<String> firstError = new AtomicReference<>("");
    long t0 = System.nanoTime(), end = t0 + seconds * 1_000_000_000L;
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ts[t] = new Thread(() -> {
        long now;
        while ((now = System.nanoTime()) < end) {
          int sec = (int) ((now - t0) / 1_000_000_000L);
          for (int attempt = 0; attempt < 20; attempt++) {
            try (Socket s = new Socket()) {
              s.setReuseAddress(reuse);
              s.bind(new InetSocketAddress(src, explicit ? lo + Math.floorMod(next.getAndIncrement(), hi - lo + 1) : 0));
              s.setSoTimeout(3000);
              s.connect(to, 3000);
              s.getOutputStream().write('e');
              s.shutdownOutput();
              InputStream in = s.getInputStream();
              if (in.read() != 'e') throw new IOException("no_echo");
              while (in.read() >= 0) { /* until the server's FIN */ }
              ok.incrementAndGet();
              perSec.incrementAndGet(sec);
              break;
            } catch (IOException e) {
              boolean portTaken = e instanceof BindException || String.valueOf(e.getMessage()).contains("assign");
              if (explicit && portTaken && attempt < 19) {
                retries.incrementAndGet();
                continue;
              }
              fail.incrementAndGet();
              firstError.compareAndSet("", Net.kind(e));
              break;
            }
          }
        }
      }, "src-" + t);
      ts[t].start();
    }
    for (Thread t : ts) t.join(seconds * 1000L + 30_000);
    StringBuilder per5 = new StringBuilder();
    for (int i = 0; i < seconds; i += 5) {
      int sum = 0;
      for (int j = i; j < Math.min(seconds, i + 5); j++) sum += perSec.get(j);
      per5.append(per5.length() == 0 ? "" : ",").append(sum / Math.min(5, seconds - i));
    }
    System.out.printf("RESULT mode=srcport how=%s src=%s secs=%d conns=%d rate=%.0f errors=%d retries=%d rate_per_5s=%s%s%n", how, src,
        seconds, ok.get(), ok.get() / (double) seconds, fail.get(), retries.get(), per5,
        firstError.get().isEmpty() ? "" : " error=" + firstError.get());
  }
}
