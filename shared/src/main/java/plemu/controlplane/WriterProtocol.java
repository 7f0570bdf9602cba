package plemu.controlplane;

import org.apache.pekko.actor.typed.ActorRef;
import plemu.model.KryoSerializable;

/**
 * Messages to and from the control-plane writer (one in the cluster, a singleton on the region
 * nodes): the single place where writes are validated, given ids, and replicated.
 */
public final class WriterProtocol {
  private WriterProtocol() {}

  public interface Command extends KryoSerializable {}

  /** Apply one mutation; the reply comes once a majority of nodes hold the result. */
  public record Apply(Mutation mutation, ActorRef<Reply> replyTo) implements Command {}

  public interface Reply extends KryoSerializable {}

  /**
   * The mutation was applied and logged by a majority; {@code result} is what the mutation returned,
   * {@code version} the state version that holds it (the current one when it changed nothing).
   */
  public record Accepted(Object result, long version) implements Reply {}

  /** The mutation was refused (nothing changed) or could not be confirmed. */
  public record Refused(AwsError error) implements Reply {}
}
