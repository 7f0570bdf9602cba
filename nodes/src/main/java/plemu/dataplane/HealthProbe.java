package plemu.dataplane;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import plemu.dataplane.io.TcpTransport;
import plemu.model.HealthCheck;

/**
 * One health check, as an NLB node makes it: a TCP connect from the node's own host address (and a
 * source port of its own allocator), or an HTTP GET whose status must match the matcher, bounded by
 * the check's timeout. A Pekko Streams flow on the zone's data-plane system, as the flows it guards
 * are: no blocking socket, no thread of its own; {@code path} is what the probe's bytes go through
 * between the node and the target, both ways (the hop's link, when it has impairments).
 */
final class HealthProbe {
  private HealthProbe() {}

  /** The outcome of one check, with ELBv2's reason code when it failed. */
  record Result(boolean passed, String reason, String description) {
    static final Result PASSED = new Result(true, null, null);
  }

  static CompletionStage<Result> check(HealthCheck hc, InetSocketAddress target, String sourceHost, String hostHeader,
      ZoneFlows zone, ActorSystem<?> flows, TcpTransport tcp, BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> path) {
    Duration timeout = Duration.ofSeconds(hc.timeoutSeconds());
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<Result> result = handshake(path, flows, timeout).thenCompose(done -> {
      if (!done) return CompletableFuture.completedFuture(TIMED_OUT);
      Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
      return probe(hc, target, sourceHost, hostHeader, zone, flows, tcp, path, left);
    }).exceptionally(HealthProbe::failure);
    return result.orTimeout(timeout.toMillis() + 200, TimeUnit.MILLISECONDS).exceptionally(HealthProbe::failure);
  }

  private static final Result TIMED_OUT = new Result(false, "Target.Timeout", "Request timed out");

  /**
   * The connection's handshake as the link sees it: a marker sent up the path's upstream chain and
   * back down its downstream chain (never to the socket), as a SYN and its SYN-ACK cross the hop. A
   * TCP connect on loopback takes no time and no impairment sees it; this is where the link's latency,
   * stall and blackhole (true when it came back in time) and a reset (a failure) reach a check.
   */
  private static CompletableFuture<Boolean> handshake(BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> path,
      ActorSystem<?> flows, Duration timeout) {
    return Source.single(SYN).concat(Source.never())
        .via(path.join(Flow.<ByteString>create()))
        .takeWithin(timeout)
        .runWith(Sink.headOption(), flows)
        .toCompletableFuture()
        .thenApply(Optional::isPresent);
  }

  private static final ByteString SYN = ByteString.fromArrayUnsafe(new byte[] {0});

  private static CompletableFuture<Result> probe(HealthCheck hc, InetSocketAddress target, String sourceHost,
      String hostHeader, ZoneFlows zone, ActorSystem<?> flows, TcpTransport tcp, BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> path,
      Duration timeout) {
    InetAddress source = TargetSelection.literal(sourceHost);
    // The node's source ports come from one allocator, so a check never takes a port a flow holds.
    SourcePorts ports = zone.ports(source);
    int port = ports.acquire();
    var connection = tcp.outgoingConnection(target, Optional.of(new InetSocketAddress(source, port)), Optional.of(timeout));
    boolean http = hc.protocol().equals("HTTP");
    Source<ByteString, NotUsed> request = http
        ? Source.single(ByteString.fromString("GET " + hc.path() + " HTTP/1.1\r\nHost: " + hostHeader
            + "\r\nUser-Agent: ELB-HealthChecker/2.0\r\nConnection: close\r\n\r\n", StandardCharsets.US_ASCII))
        : Source.empty();
    var run = request
        .concat(http ? Source.<ByteString>never() : Source.<ByteString>empty()) // HTTP: keep our side open until answered
        .viaMat(path.join(connection, Keep.right()), Keep.right())
        .via(Framing.delimiter(ByteString.fromString("\n"), 1024, FramingTruncation.ALLOW))
        .toMat(Sink.headOption(), Keep.both())
        .run(flows);
    return run.first().toCompletableFuture().thenCompose(connected -> {
      if (!http) return CompletableFuture.completedFuture(Result.PASSED);
      return run.second().toCompletableFuture().thenApply(line -> statusOf(hc, line.map(ByteString::utf8String)));
    }).exceptionally(HealthProbe::failure)
        .orTimeout(timeout.toMillis() + 200, TimeUnit.MILLISECONDS)
        .exceptionally(HealthProbe::failure)
        .whenComplete((r, f) -> ports.release(port));
  }

  private static Result statusOf(HealthCheck hc, Optional<String> statusLine) {
    String[] parts = statusLine.orElse("").trim().split(" ");
    if (parts.length < 2 || !parts[0].startsWith("HTTP/"))
      return new Result(false, "Target.ResponseCodeMismatch", "Health checks failed: not an HTTP response");
    int code;
    try {
      code = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return new Result(false, "Target.ResponseCodeMismatch", "Health checks failed: not an HTTP response");
    }
    return matches(hc.matcher(), code) ? Result.PASSED
        : new Result(false, "Target.ResponseCodeMismatch", "Health checks failed with these codes: [" + code + "]");
  }

  private static Result failure(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
        || cause.getClass().getName().startsWith("org.apache.pekko.stream"))) cause = cause.getCause();
    if (cause instanceof TimeoutException || String.valueOf(cause.getMessage()).contains("timed out")
        || cause.getClass().getSimpleName().contains("Timeout"))
      return TIMED_OUT;
    if (cause instanceof ConnectException || String.valueOf(cause.getMessage()).contains("Connection refused"))
      return new Result(false, "Target.FailedHealthChecks", "Health checks failed: connection refused");
    return new Result(false, "Target.FailedHealthChecks", "Health checks failed: " + cause.getMessage());
  }

  /** A matcher such as {@code 200}, {@code 200-399} or {@code 200,204,300-302}. */
  static boolean matches(String matcher, int code) {
    for (String part : matcher.split(",")) {
      String[] range = part.split("-");
      int low = Integer.parseInt(range[0].trim());
      int high = range.length > 1 ? Integer.parseInt(range[1].trim()) : low;
      if (code >= low && code <= high) return true;
    }
    return false;
  }
}
