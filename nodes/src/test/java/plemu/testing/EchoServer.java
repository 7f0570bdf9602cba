package plemu.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real TCP echo server on a loopback address, owned by the test: it records the peer address of
 * every connection and the first bytes it received, and echoes everything back.
 */
public final class EchoServer implements AutoCloseable {
  private final ServerSocket server;
  private final Thread acceptor;
  public final List<InetSocketAddress> peers = new CopyOnWriteArrayList<>();
  public final List<byte[]> firstReads = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  public EchoServer(String host) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName(host));
    acceptor = new Thread(this::acceptLoop, "echo-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        peers.add((InetSocketAddress) s.getRemoteSocketAddress());
        Thread t = new Thread(() -> echo(s), "echo-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void echo(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      byte[] buf = new byte[65536];
      boolean first = true;
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (first) {
          firstReads.add(java.util.Arrays.copyOf(buf, n));
          first = false;
        }
        out.write(buf, 0, n);
        out.flush();
      }
      s.shutdownOutput();
    } catch (IOException ignored) {
      // the peer went away
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) s.close();
  }

  /** One connection through {@code host:port}, no retry: it must be accepted and echo a byte at once. */
  public static void assertEchoesThrough(String host, int port, String what) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      s.setSoTimeout(5000);
      s.getOutputStream().write('x');
      int echoed = s.getInputStream().read();
      if (echoed != 'x') throw new AssertionError(what + ": the flow was not relayed (read " + echoed + ")");
    }
  }
}
