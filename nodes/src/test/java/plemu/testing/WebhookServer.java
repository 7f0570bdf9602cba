package plemu.testing;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP (or HTTPS) server on loopback that receives webhook POSTs; it can be told to fail the
 * next requests (500), and remembers the message id of each failed one.
 */
public final class WebhookServer implements AutoCloseable {
  /** One request as received: its headers (lower case) and body. */
  public record Received(Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final String scheme;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final List<String> failedMessageIds = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  public WebhookServer() throws IOException {
    this(null);
  }

  /** With {@code tls}, an HTTPS server presenting that context's certificate. */
  public WebhookServer(SSLContext tls) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 16);
      scheme = "http";
    } else {
      HttpsServer https = HttpsServer.create(loopback, 16);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
      scheme = "https";
    }
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new java.util.HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
      int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
      if (status == 200) received.add(new Received(headers, body));
      else failedMessageIds.add(String.valueOf(headers.get("x-amz-sns-message-id")));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  public String url() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The next delivered request within {@code seconds}, or null. */
  public Received next(int seconds) throws InterruptedException {
    return received.poll(seconds, TimeUnit.SECONDS);
  }

  public void failNext(int n) {
    failNext.set(n);
  }

  /** Every request so far, answered or failed. */
  public int requests() {
    return requests.get();
  }

  /** The SNS message ids of the requests answered 500, in order. */
  public List<String> failedMessageIds() {
    return List.copyOf(failedMessageIds);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
