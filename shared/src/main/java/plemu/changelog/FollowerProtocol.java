package plemu.changelog;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import plemu.model.KryoSerializable;

/**
 * Messages to every node's state follower (one per node, found through the receptionist): the
 * writer's pushed writes, and the questions of the API nodes about what a node has applied.
 */
public final class FollowerProtocol {
  private FollowerProtocol() {}

  public interface Command {}

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "plemu-state-follower");

  /** A piece of a write a majority now holds, and the epoch of the writer that wrote it. */
  public record Committed(LogPart part, EpochStart epoch) implements Command, KryoSerializable {}

  /** Answer (with the node's applied version) once the node has applied {@code version}. */
  public record AwaitApplied(long version, ActorRef<Applied> replyTo) implements Command, KryoSerializable {}

  /** Answer at once with the node's applied version. */
  public record GetApplied(ActorRef<Applied> replyTo) implements Command, KryoSerializable {}

  /**
   * What a node has applied: every write up to {@code version}, its data plane serving them. Also
   * told, whenever it grows, to every API node's tracker of applied versions.
   */
  public record Applied(String node, long version) implements TrackerCommand, KryoSerializable {}

  /** Messages to the trackers of applied versions (one on every region node, beside the API). */
  public interface TrackerCommand {}

  public static final ServiceKey<TrackerCommand> TRACKER_KEY =
      ServiceKey.create(TrackerCommand.class, "plemu-applied-tracker");
}
