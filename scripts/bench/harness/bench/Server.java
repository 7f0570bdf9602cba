package bench;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The target: one port, blocking, one thread per connection, TCP_NODELAY. A leading Proxy Protocol
 * v2 header (signature 0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A, length at offset 14) is skipped and
 * counted. The first data byte picks the behaviour: 's' sink, 'o' source, anything else echo.
 * A connection that closes before sending anything (a health check) is just closed; errors and
 * Proxy Protocol headers are counted only for connections that carried data.
 */
final class Server {
  private Server() {}

  static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

  static final LongAdder ACCEPTED = new LongAdder();
  static final LongAdder ACTIVE = new LongAdder();
  static final LongAdder PPV2 = new LongAdder();
  static final LongAdder PPV2_BAD = new LongAdder();
  static final LongAdder EMPTY = new LongAdder();
  static final LongAdder EMPTY_RESET = new LongAdder();
  static final Map<String, LongAdder> ERROR_KINDS = new ConcurrentHashMap<>();
  static final LongAdder ERRORS = new LongAdder();
  static final LongAdder SINK_BYTES = new LongAdder();

  static void run(Args a) throws Exception {
    InetSocketAddress at = new InetSocketAddress(Net.loopback(a.str("host", "127.0.0.1")), a.intOpt("port", 0));
    String statsFile = a.str("stats-file", "");
    ServerSocket ss = new ServerSocket();
    ss.setReuseAddress(true);
    ss.bind(at, a.intOpt("backlog", 4096));
    System.out.println("LISTENING " + at.getAddress().getHostAddress() + ":" + ss.getLocalPort());
    System.out.flush();
    if (!statsFile.isEmpty()) {
      Thread st = new Thread(() -> writeStats(Path.of(statsFile)), "stats");
      st.setDaemon(true);
      st.start();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("STATS " + stats())));
    while (true) {
      Socket s;
      try {
        s = ss.accept();
      } catch (IOException e) {
        ERRORS.increment();
        Thread.sleep(10); // e.g. out of file descriptors: do not spin
        continue;
      }
      ACCEPTED.increment();
      try {
        Thread t = new Thread(null, () -> handle(s), "conn", 256 * 1024);
        t.setDaemon(true);
        t.start();
      } catch (Throwable e) { // out of threads
        ERRORS.increment();
        s.close();
      }
    }
  }

  static String stats() {
    StringBuilder kinds = new StringBuilder();
    new TreeMap<>(ERROR_KINDS).forEach((k, n) -> kinds.append(kinds.length() == 0 ? "" : ";").append(k).append('=').append(n.sum()));
    return "accepted=" + ACCEPTED.sum() + " active=" + ACTIVE.sum() + " ppv2=" + PPV2.sum() + " ppv2_bad=" + PPV2_BAD.sum()
        + " empty=" + EMPTY.sum() + " empty_reset=" + EMPTY_RESET.sum() + " errors=" + ERRORS.sum() + " sink_bytes=" + SINK_BYTES.sum()
        + (kinds.length() == 0 ? "" : " errkinds=" + kinds);
  }

  private static void writeStats(Path file) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    while (true) {
      try {
        Files.write(tmp, (stats() + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(100);
      } catch (Exception e) {
        return;
      }
    }
  }

  private static void handle(Socket s) {
    ACTIVE.increment();
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] first;
      try {
        first = firstData(in);
      } catch (IOException e) { // reset before any data: e.g. HAProxy's health checks close that way
        EMPTY_RESET.increment();
        return;
      }
      if (first == null || first.length == 0) {
        EMPTY.increment();
        return;
      }
      switch (first[0]) {
        case 's' -> sink(first, in, out);
        case 'o' -> source(out);
        default -> echo(first, in, out);
      }
    } catch (IOException e) {
      ERRORS.increment();
      ERROR_KINDS.computeIfAbsent(Net.kind(e), k -> new LongAdder()).increment();
    } finally {
      ACTIVE.decrement();
    }
  }

  /**
   * The first data bytes after an optional Proxy Protocol v2 header, or null at EOF. Clients of
   * this harness never start their data with 0x0D, so one byte decides whether a header follows.
   */
  static byte[] firstData(InputStream in) throws IOException {
    int b0 = in.read();
    if (b0 < 0) return null;
    if (b0 != 0x0D) return new byte[] {(byte) b0};
    byte[] sig = new byte[12];
    sig[0] = (byte) b0;
    byte[] rest = in.readNBytes(11);
    System.arraycopy(rest, 0, sig, 1, rest.length);
    if (rest.length < 11 || !Arrays.equals(sig, SIGNATURE)) return Arrays.copyOf(sig, 1 + rest.length);
    byte[] fixed = in.readNBytes(4); // version/command, family/protocol, length (2 bytes)
    if (fixed.length < 4) return null;
    if ((fixed[0] & 0xF0) != 0x20) PPV2_BAD.increment();
    int len = ((fixed[2] & 0xFF) << 8) | (fixed[3] & 0xFF);
    in.skipNBytes(len);
    int b = in.read();
    if (b < 0) return null; // a health check's header, no data: not counted as a flow's header
    PPV2.increment();
    return new byte[] {(byte) b};
  }

  private static void echo(byte[] first, InputStream in, OutputStream out) throws IOException {
    out.write(first);
    byte[] buf = new byte[32 * 1024];
    int n;
    while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
  }

  private static void sink(byte[] first, InputStream in, OutputStream out) throws IOException {
    long count = first.length;
    byte[] buf = new byte[256 * 1024];
    int n;
    while ((n = in.read(buf)) >= 0) count += n;
    SINK_BYTES.add(count);
    DataOutputStream d = new DataOutputStream(out);
    d.writeLong(count);
    d.flush();
  }

  private static void source(OutputStream out) throws IOException {
    byte[] chunk = Net.filled(64 * 1024, 'o');
    while (true) out.write(chunk); // until the client goes (write fails) or the process ends
  }
}
