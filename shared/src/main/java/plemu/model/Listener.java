package plemu.model;

import java.util.Map;

/** A TCP listener of an NLB: a port forwarded to one target group, with its idle timeout attribute. */
public record Listener(
    String listenerArn, String loadBalancerArn, String ownerId, String region, String protocol, int port,
    String targetGroupArn, Map<String, String> attributes)
    implements KryoSerializable {
  public Listener {
    attributes = Map.copyOf(attributes);
  }

  /** NLB's default TCP idle timeout: 350 s (configurable 60-6000). */
  public static final Map<String, String> DEFAULT_ATTRIBUTES = Map.of("tcp.idle_timeout.seconds", "350");

  public Listener withAttributes(Map<String, String> newAttributes) {
    return new Listener(listenerArn, loadBalancerArn, ownerId, region, protocol, port, targetGroupArn, newAttributes);
  }
}
