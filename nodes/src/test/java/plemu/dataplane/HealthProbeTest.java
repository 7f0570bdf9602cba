package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import plemu.model.HealthCheck;

/** Health checks as Pekko Streams TCP from the NLB node's address, against real servers on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthProbeTest {
  final ActorTestKit testKit = ActorTestKit.create();
  final ZoneFlows zone = new ZoneFlows(SourcePorts.DEFAULT_RANGE);

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  static HealthCheck http(String matcher, int timeoutSeconds) {
    return new HealthCheck(true, "HTTP", "traffic-port", "/health", 10, timeoutSeconds, 2, 2, matcher);
  }

  private HealthProbe.Result check(HealthCheck hc, int port) throws Exception {
    return HealthProbe.check(hc, new InetSocketAddress("127.0.0.1", port), "127.0.0.1", "target", zone,
        testKit.system(), BidiFlow.identity()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A server that answers every request with {@code status} (or never answers, with null). */
  private static ServerSocket server(String status) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          if (status == null) continue; // accepts and stays silent
          try (s) {
            s.getInputStream().read(new byte[4096]);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          }
        } catch (IOException closed) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return server;
  }

  @Test
  void tcpAndHttpChecksAndTheirFailures() throws Exception {
    try (ServerSocket ok = server("200 OK"); ServerSocket error = server("503 Service Unavailable");
        ServerSocket silent = server(null)) {
      assertEquals(HealthProbe.Result.PASSED, check(HealthCheck.tcpDefaults(), ok.getLocalPort()));
      assertEquals(HealthProbe.Result.PASSED, check(http("200-399", 2), ok.getLocalPort()));
      HealthProbe.Result mismatch = check(http("200-399", 2), error.getLocalPort());
      assertEquals("Target.ResponseCodeMismatch", mismatch.reason());
      assertEquals("Health checks failed with these codes: [503]", mismatch.description());
      assertEquals("Target.Timeout", check(http("200", 1), silent.getLocalPort()).reason());
      int closed;
      try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        closed = gone.getLocalPort();
      }
      assertEquals("Target.FailedHealthChecks", check(HealthCheck.tcpDefaults(), closed).reason());
    }
  }
}
