package plemu.dataplane;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import plemu.controlplane.Desired;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;

/**
 * Runs the NLB nodes of one AZ on its AZ node: for every listener of every NLB with a node in this
 * zone, a real TCP listener on the node's host address and the listener's port. Reconciles to each
 * new desired-state snapshot: binds what appeared, unbinds what went away.
 */
public final class NlbNodeHost extends AbstractBehavior<NlbNodeHost.Command> {
  public interface Command {}

  /** A new snapshot of the desired state. */
  public record StateChanged(Desired state) implements Command {}

  /** What this host is serving: one entry per bound (host address, port). */
  public record GetBindings(org.apache.pekko.actor.typed.ActorRef<Set<String>> replyTo) implements Command {}

  private record BindFailed(Endpoint endpoint, Throwable cause) implements Command {}

  /** A listener of an NLB node: where it listens and for which ELB listener. */
  record Endpoint(String host, int port, String listenerArn) {
    String address() {
      return host + ":" + port;
    }
  }

  private final String zoneId;
  private final AtomicReference<Desired> state = new AtomicReference<>(Desired.empty());
  private final NlbProxy proxy;
  private final Map<Endpoint, CompletionStage<Tcp.ServerBinding>> bound = new HashMap<>();

  public static Behavior<Command> create(String zoneId) {
    return Behaviors.setup(ctx -> new NlbNodeHost(ctx, zoneId));
  }

  private NlbNodeHost(ActorContext<Command> ctx, String zoneId) {
    super(ctx);
    this.zoneId = zoneId;
    this.proxy = new NlbProxy(ctx.getSystem(), zoneId, state);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StateChanged.class, this::onStateChanged)
        .onMessage(BindFailed.class, this::onBindFailed)
        .onMessage(GetBindings.class, this::onGetBindings)
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, stop -> {
          bound.values().forEach(b -> b.thenAccept(Tcp.ServerBinding::unbind));
          return this;
        })
        .build();
  }

  /** The listeners this zone's NLB nodes must serve in {@code desired}. */
  static Set<Endpoint> wanted(Desired desired, String zoneId) {
    Set<Endpoint> out = new HashSet<>();
    for (LoadBalancer lb : desired.loadBalancers().values()) {
      Optional<LoadBalancer.Node> node = lb.node(zoneId);
      if (node.isEmpty()) continue;
      NetworkInterface eni = desired.networkInterfaces().get(node.get().networkInterfaceId());
      if (eni == null) continue;
      for (Listener l : desired.listeners().values())
        if (l.loadBalancerArn().equals(lb.loadBalancerArn())) out.add(new Endpoint(eni.hostAddress(), l.port(), l.listenerArn()));
    }
    return out;
  }

  private Behavior<Command> onStateChanged(StateChanged changed) {
    state.set(changed.state());
    Set<Endpoint> wanted = wanted(changed.state(), zoneId);
    for (Endpoint e : List.copyOf(bound.keySet()))
      if (!wanted.contains(e)) {
        getContext().getLog().info("NLB node listener {} ({}) removed", e.address(), e.listenerArn());
        bound.remove(e).thenAccept(Tcp.ServerBinding::unbind);
      }
    for (Endpoint e : wanted) if (!bound.containsKey(e)) bind(e);
    return this;
  }

  private void bind(Endpoint e) {
    CompletionStage<Tcp.ServerBinding> binding = Tcp.get(getContext().getSystem())
        .bind(e.host(), e.port(), 1024, List.of(), true, Optional.empty())
        .to(Sink.foreach(connection -> proxy.handle(connection, e.listenerArn())))
        .run(getContext().getSystem());
    bound.put(e, binding);
    getContext().pipeToSelf(binding, (ok, failure) -> failure == null ? null : new BindFailed(e, failure));
    getContext().getLog().info("NLB node listener {} ({}) bound", e.address(), e.listenerArn());
  }

  private Behavior<Command> onBindFailed(BindFailed failed) {
    getContext().getLog().warn("NLB node listener {} could not bind: {}", failed.endpoint().address(), failed.cause().toString());
    bound.remove(failed.endpoint());
    return this;
  }

  private Behavior<Command> onGetBindings(GetBindings get) {
    Set<String> out = new HashSet<>();
    bound.keySet().forEach(e -> out.add(e.address()));
    get.replyTo().tell(out);
    return this;
  }
}
