package plemu.events;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import plemu.changelog.FollowerProtocol;
import plemu.lifecycle.LoggedEvent;
import plemu.state.EventOutbox;
import plemu.state.StateFollower;

/**
 * Streams what the control plane logged to this node's live events, each once, from the moment this
 * node started: the lifecycle events of every write (endpoint and connection state changes, topic
 * messages, refused notifications), which come with the write through this node's state follower in
 * version order, and the notifications given up by the region's delivery ({@link EventOutbox#EVENT_LOG}).
 */
public final class EventLogFeed {
  private EventLogFeed() {}

  public interface Command {}

  private record Written(StateFollower.WriteEvents written) implements Command {}

  private record LogChanged(Replicator.SubscribeResponse<LWWMap<String, LoggedEvent>> response) implements Command {}

  public static Behavior<Command> create(EventStream stream, ActorRef<FollowerProtocol.Command> follower) {
    return Behaviors.setup(ctx -> DistributedData.<Command, LWWMap<String, LoggedEvent>>withReplicatorMessageAdapter(
        replicator -> {
          follower.tell(new StateFollower.SubscribeEvents(ctx.messageAdapter(StateFollower.WriteEvents.class, Written::new)));
          replicator.subscribe(EventOutbox.EVENT_LOG, LogChanged::new);
          long startedAt = System.currentTimeMillis();
          Set<String> streamed = new HashSet<>();
          return Behaviors.receive(Command.class)
              .onMessage(Written.class, written -> {
                for (LoggedEvent e : written.written().events()) if (e.atMillis() >= startedAt) publish(stream, e);
                return Behaviors.same();
              })
              .onMessage(LogChanged.class, changed -> {
                if (changed.response() instanceof Replicator.Changed<LWWMap<String, LoggedEvent>> c) {
                  Map<String, LoggedEvent> log = c.get(c.key()).getEntries();
                  for (LoggedEvent e : new TreeMap<>(log).values())
                    if (e.atMillis() >= startedAt && streamed.add(e.id())) publish(stream, e);
                  streamed.retainAll(log.keySet());
                }
                return Behaviors.same();
              })
              .build();
        }));
  }

  private static void publish(EventStream stream, LoggedEvent e) {
    stream.publish(e.event().type(), e.event().accounts(), e.event().detail(), Instant.ofEpochMilli(e.atMillis()));
  }
}
