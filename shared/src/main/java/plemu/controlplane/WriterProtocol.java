package plemu.controlplane;

import org.apache.pekko.actor.typed.ActorRef;
import plemu.model.KryoSerializable;

/**
 * Messages to and from the region's control-plane writer (one per region, in the cluster): the
 * single place where writes are validated, given ids, and replicated.
 */
public final class WriterProtocol {
  private WriterProtocol() {}

  public interface Command extends KryoSerializable {}

  /** Apply one mutation; the reply comes once a majority of nodes hold the result. */
  public record Apply(Mutation mutation, ActorRef<Reply> replyTo) implements Command {}

  public interface Reply extends KryoSerializable {}

  /** The mutation was applied and replicated; {@code result} is what the mutation returned. */
  public record Accepted(Object result, long version) implements Reply {}

  /** The mutation was refused (nothing changed) or could not be confirmed. */
  public record Refused(AwsError error) implements Reply {}
}
