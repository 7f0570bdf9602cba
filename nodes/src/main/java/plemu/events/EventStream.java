package plemu.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;

/**
 * The region's live events, fanned out to every reader of {@code GET /v1/events}: each event says
 * which accounts may see it (the operator sees every event). A reader that falls behind loses its
 * oldest events rather than slowing the others.
 */
public final class EventStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One event and who may see it (empty: the operator only). */
  public record Published(String type, Set<String> accounts, ObjectNode body) {}

  private final SourceQueueWithComplete<Published> queue;
  private final Source<Published, NotUsed> hub;

  public EventStream(ActorSystem<?> system) {
    Pair<SourceQueueWithComplete<Published>, Source<Published, NotUsed>> pair =
        Source.<Published>queue(1024, OverflowStrategy.dropHead())
            .toMat(BroadcastHub.of(Published.class, 256), Keep.both())
            .run(system);
    this.queue = pair.first();
    this.hub = pair.second();
    hub.runWith(Sink.ignore(), system); // keeps the hub flowing while nobody reads
  }

  public void publish(Published event) {
    queue.offer(event);
  }

  /** An event as {@code {"Type": type, "Time": time, "Detail": {...}}}. */
  public void publish(String type, Set<String> accounts, Map<String, String> detail, Instant time) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("Type", type);
    body.put("Time", time.toString());
    ObjectNode d = body.putObject("Detail");
    detail.forEach(d::put);
    publish(new Published(type, accounts, body));
  }

  /**
   * The events {@code accountId} may see from now on (null: the operator, who sees all), as the
   * bytes of a {@code text/event-stream}: {@code event: <type>} and {@code data: <json>} lines per
   * event, and a comment line ({@code :}) every 15 s while nothing happens, which SSE clients skip.
   */
  public Source<ByteString, NotUsed> eventsFor(String accountId) {
    return hub
        .filter(e -> accountId == null || e.accounts().contains(accountId))
        .buffer(256, OverflowStrategy.dropHead())
        .map(e -> ByteString.fromString("event: " + e.type() + "\ndata: " + JSON.writeValueAsString(e.body()) + "\n\n",
            StandardCharsets.UTF_8))
        .keepAlive(Duration.ofSeconds(15), () -> KEEP_ALIVE);
  }

  private static final ByteString KEEP_ALIVE = ByteString.fromString(":\n\n");

  public void close() {
    queue.complete();
  }
}
