package plemu.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP health-check responder on a loopback address: accepts and closes; close() makes checks fail. */
public final class HealthServer implements AutoCloseable {
  private final ServerSocket server;

  public HealthServer(String host, int port) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port), 50);
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          // a TCP health check only needs the connection to be accepted
        } catch (IOException closed) {
          return;
        }
      }
    }, "health-" + host + ":" + port);
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
