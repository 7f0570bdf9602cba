package plemu.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A real server-sent-events client of GET /v1/events: reads events on a thread of its own until closed. */
public final class SseReader implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One event: its {@code event:} type and its JSON {@code data:}. */
  public record Event(String type, JsonNode data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final int status;
  private volatile Stream<String> lines;

  public SseReader(String apiBase, String token) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + "/v1/events")).GET();
    if (token != null) request.header("Authorization", "Bearer " + token);
    HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    status = response.statusCode();
    lines = response.body();
    thread = new Thread(this::read, "sse-reader");
    thread.setDaemon(true);
    thread.start();
  }

  public int status() {
    return status;
  }

  private void read() {
    String type = null;
    StringBuilder data = new StringBuilder();
    try {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("event:")) type = line.substring(6).trim();
        else if (line.startsWith("data:")) data.append(line.substring(5).trim());
        else if (line.isEmpty() && data.length() > 0) {
          events.add(new Event(type, JSON.readTree(data.toString())));
          type = null;
          data.setLength(0);
        }
      }
    } catch (Exception e) {
      // closed
    }
  }

  /** The first event (within {@code within}) that matches, or null; events before it are consumed. */
  public Event await(Predicate<Event> wanted, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return null;
      Event e = events.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) return null;
      if (wanted.test(e)) return e;
    }
  }

  /** Every event received so far. */
  public List<Event> drain() {
    List<Event> out = new ArrayList<>();
    events.drainTo(out);
    return out;
  }

  @Override
  public void close() {
    if (lines != null) lines.close();
    thread.interrupt();
  }
}
