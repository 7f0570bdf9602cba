package plemu.dataplane;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import plemu.model.DataPlaneStatus;

/**
 * The protocol of an AZ node's data-plane actors, each addressed by its AWS id: an NLB node
 * ({@link NlbNode}, by its network interface id), an endpoint's network interface
 * ({@link EndpointInterface}, by its id), an instance's app ({@link InstanceApp}, by the instance
 * id). Each owns its listeners and its open flows; the zone's {@link ZoneGuardian} reconciles them
 * to the desired state and supervises them.
 */
public final class DataPlaneEntity {
  private DataPlaneEntity() {}

  /** What every data-plane actor takes, and the few messages of one kind of actor or of their base. */
  public sealed interface Command permits Serve, Stop, Resume, Crash, GetStatus, CloseListeners, GetListening,
      ListeningEntity.Bound, ListeningEntity.BindFailed, ListeningEntity.RetryBinds, NlbNode.TargetsChanged {}

  /** Listen on exactly these, for state version {@code version} (answered with {@link ZoneGuardian.Served}). */
  public record Serve(Set<Binding> bindings, long version) implements Command {}

  /** Stop serving until {@link Resume}: listeners closed (new connections refused), open flows reset. */
  public record Stop(String reason) implements Command {}

  /** Serve again after a {@link Stop}. */
  public record Resume() implements Command {}

  /** Fail at once, as a crash would; the supervisor starts the actor again after a backoff. */
  public record Crash(String reason) implements Command {}

  public record GetStatus(ActorRef<DataPlaneStatus> replyTo) implements Command {}

  /** A clean stop of the node: close the listeners (once unbound, answer), keep the open flows for a FIN. */
  public record CloseListeners(ActorRef<org.apache.pekko.Done> replyTo) implements Command {}

  /** The addresses ({@code host:port}) it listens on now. */
  public record GetListening(ActorRef<Set<String>> replyTo) implements Command {}

  /** What {@link Crash} throws. */
  public static final class Crashed extends RuntimeException {
    public Crashed(String reason) {
      super(reason);
    }
  }
}
