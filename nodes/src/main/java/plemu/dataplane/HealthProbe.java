package plemu.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import plemu.model.HealthCheck;

/**
 * One health check, as an NLB node makes it: a TCP connect from the node's own host address, or an
 * HTTP GET whose status must match the matcher; blocking, bounded by the check's timeout.
 */
final class HealthProbe {
  private HealthProbe() {}

  /** The outcome of one check, with ELBv2's reason code when it failed. */
  record Result(boolean passed, String reason, String description) {
    static final Result PASSED = new Result(true, null, null);
  }

  static Result check(HealthCheck hc, InetSocketAddress target, String sourceHost, String hostHeader, ZoneFlows zone) {
    int timeoutMs = hc.timeoutSeconds() * 1000;
    // The node's source ports come from one allocator, so a check never takes a port a flow holds.
    java.net.InetAddress source = TargetSelection.literal(sourceHost);
    SourcePorts ports = zone.ports(source);
    int port = ports.acquire();
    try (Socket s = new Socket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(source, port));
      s.connect(target, timeoutMs);
      if (!hc.protocol().equals("HTTP")) return Result.PASSED;
      s.setSoTimeout(timeoutMs);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + hc.path() + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: ELB-HealthChecker/2.0\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = readLine(s.getInputStream());
      String[] parts = statusLine.split(" ");
      if (parts.length < 2 || !parts[0].startsWith("HTTP/"))
        return new Result(false, "Target.ResponseCodeMismatch", "Health checks failed: not an HTTP response");
      int code = Integer.parseInt(parts[1]);
      return matches(hc.matcher(), code) ? Result.PASSED
          : new Result(false, "Target.ResponseCodeMismatch", "Health checks failed with these codes: [" + code + "]");
    } catch (SocketTimeoutException e) {
      return new Result(false, "Target.Timeout", "Request timed out");
    } catch (ConnectException e) {
      return new Result(false, "Target.FailedHealthChecks", "Health checks failed: connection refused");
    } catch (IOException | RuntimeException e) {
      return new Result(false, "Target.FailedHealthChecks", "Health checks failed: " + e.getMessage());
    } finally {
      ports.release(port);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n' && b.length() < 1024) if (c != '\r') b.append((char) c);
    return b.toString();
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
