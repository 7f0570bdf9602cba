package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import plemu.dataplane.io.TcpTransport;
import plemu.links.Direction;
import plemu.links.ImpairmentChain;
import plemu.links.ImpairmentSpec;
import plemu.links.LinkId;
import plemu.links.LinkKind;
import plemu.links.LinkSettings;
import plemu.links.Links;
import plemu.links.Place;
import plemu.links.PreciseTimer;
import plemu.model.HealthCheck;

/** Health checks as Pekko Streams TCP from the NLB node's address, against real servers on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthProbeTest {
  final ActorTestKit testKit = ActorTestKit.create();
  final ZoneFlows zone = new ZoneFlows(SourcePorts.DEFAULT_RANGE);
  final PreciseTimer timer = PreciseTimer.start("health-probe-test-timer", Duration.ofNanos(150_000));
  final Links links = new Links(LinkSettings.none(), timer, az -> "us-east-1");
  static final LinkId TO_TARGET = new LinkId(Place.az("use1-az1"), Place.HOST, LinkKind.HOST);

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
    timer.close();
  }

  static HealthCheck http(String matcher, int timeoutSeconds) {
    return new HealthCheck(true, "HTTP", "traffic-port", "/health", 10, timeoutSeconds, 2, 2, matcher);
  }

  private HealthProbe.Result check(HealthCheck hc, int port) throws Exception {
    return HealthProbe.check(hc, new InetSocketAddress("127.0.0.1", port), "127.0.0.1", "target", zone,
        testKit.system(), TcpTransport.of(testKit.system()), BidiFlow.identity()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A check through the link to the target with {@code impairments} on both directions. */
  private HealthProbe.Result checkThrough(HealthCheck hc, int port, ImpairmentSpec... impairments) throws Exception {
    for (Direction d : Direction.values()) links.link(TO_TARGET).chain(d).set(ImpairmentChain.of(impairments));
    try {
      return HealthProbe.check(hc, new InetSocketAddress("127.0.0.1", port), "127.0.0.1", "target", zone,
          testKit.system(), TcpTransport.of(testKit.system()), links.bidi(TO_TARGET)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      for (Direction d : Direction.values()) links.link(TO_TARGET).chain(d).set(ImpairmentChain.EMPTY);
    }
  }

  static ImpairmentSpec spec(String type, String... attributes) {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i < attributes.length; i += 2) a.put(attributes[i], attributes[i + 1]);
    return new ImpairmentSpec(type, a);
  }

  @Test
  void aCheckCrossesItsLinkBothWaysForTheHandshakeAndTheRequest() throws Exception {
    try (ServerSocket ok = server("200 OK")) {
      long t0 = System.nanoTime();
      assertEquals(HealthProbe.Result.PASSED, checkThrough(HealthCheck.tcpDefaults(), ok.getLocalPort(),
          spec("latency", "delayMs", "300")));
      long tcpMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(tcpMs >= 600, "a TCP check waits for the handshake's round trip over the link: " + tcpMs + " ms");
      t0 = System.nanoTime();
      assertEquals(HealthProbe.Result.PASSED, checkThrough(http("200", 5), ok.getLocalPort(),
          spec("latency", "delayMs", "300")));
      long httpMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(httpMs >= 1200, "an HTTP check: the handshake and the request each cross it both ways: " + httpMs);
      assertEquals("Target.Timeout", checkThrough(http("200", 1), ok.getLocalPort(),
          spec("latency", "delayMs", "600")).reason(), "a round trip longer than the check's timeout");
    }
  }

  @Test
  void aBlackholedOrResettingLinkFailsTheCheck() throws Exception {
    try (ServerSocket ok = server("200 OK")) {
      HealthCheck tcp = new HealthCheck(true, "TCP", "traffic-port", null, 10, 1, 2, 2, null);
      assertEquals("Target.Timeout", checkThrough(tcp, ok.getLocalPort(), spec("blackhole")).reason());
      assertEquals("Target.FailedHealthChecks", checkThrough(tcp, ok.getLocalPort(),
          spec("reset", "afterBytes", "0")).reason());
      assertEquals(HealthProbe.Result.PASSED, checkThrough(tcp, ok.getLocalPort()), "cleared, it passes again");
    }
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
