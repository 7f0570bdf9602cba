package plemu.events;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import plemu.lifecycle.LoggedEvent;
import plemu.state.EventOutbox;

/**
 * Streams what the control-plane writers logged ({@link EventOutbox#EVENT_LOG}: endpoint and
 * connection state changes, topic messages, refused notifications) to this node's live events, in
 * the order they were logged, each once, from the moment this node started.
 */
public final class EventLogFeed {
  private EventLogFeed() {}

  public interface Command {}

  private record LogChanged(Replicator.SubscribeResponse<LWWMap<String, LoggedEvent>> response) implements Command {}

  public static Behavior<Command> create(EventStream stream) {
    return Behaviors.setup(ctx -> DistributedData.<Command, LWWMap<String, LoggedEvent>>withReplicatorMessageAdapter(
        replicator -> {
          replicator.subscribe(EventOutbox.EVENT_LOG, LogChanged::new);
          long startedAt = System.currentTimeMillis();
          Set<String> streamed = new HashSet<>();
          return Behaviors.receive(Command.class)
              .onMessage(LogChanged.class, changed -> {
                if (changed.response() instanceof Replicator.Changed<LWWMap<String, LoggedEvent>> c) {
                  Map<String, LoggedEvent> log = c.get(c.key()).getEntries();
                  for (LoggedEvent e : new TreeMap<>(log).values())
                    if (e.atMillis() >= startedAt && streamed.add(e.id()))
                      stream.publish(e.event().type(), e.event().accounts(), e.event().detail(),
                          Instant.ofEpochMilli(e.atMillis()));
                  streamed.retainAll(log.keySet());
                }
                return Behaviors.same();
              })
              .build();
        }));
  }
}
