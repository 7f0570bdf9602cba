package plemu.model;

import java.util.List;
import java.util.Map;

/** A target group of an NLB: TCP, a port, instance or ip targets, health check and attributes. */
public record TargetGroup(
    String targetGroupArn,
    String name,
    String ownerId,
    String region,
    String vpcId,
    String protocol,
    int port,
    String targetType,
    HealthCheck healthCheck,
    Map<String, String> attributes,
    List<Target> targets,
    List<Tag> tags)
    implements KryoSerializable {
  public TargetGroup {
    attributes = Map.copyOf(attributes);
    targets = List.copyOf(targets);
    tags = List.copyOf(tags);
  }

  /** NLB's defaults for a TCP target group's attributes. */
  public static final Map<String, String> DEFAULT_ATTRIBUTES = Map.of(
      "proxy_protocol_v2.enabled", "false",
      "deregistration_delay.timeout_seconds", "300",
      "deregistration_delay.connection_termination.enabled", "false",
      "preserve_client_ip.enabled", "false",
      "stickiness.enabled", "false",
      "stickiness.type", "source_ip",
      "load_balancing.cross_zone.enabled", "use_load_balancer_configuration",
      "target_health_state.unhealthy.connection_termination.enabled", "true",
      "target_health_state.unhealthy.draining_interval_seconds", "0");

  public TargetGroup withTargets(List<Target> newTargets) {
    return new TargetGroup(targetGroupArn, name, ownerId, region, vpcId, protocol, port, targetType, healthCheck,
        attributes, newTargets, tags);
  }

  public TargetGroup withHealthCheck(HealthCheck newHealthCheck) {
    return new TargetGroup(targetGroupArn, name, ownerId, region, vpcId, protocol, port, targetType, newHealthCheck,
        attributes, targets, tags);
  }

  public TargetGroup withAttributes(Map<String, String> newAttributes) {
    return new TargetGroup(targetGroupArn, name, ownerId, region, vpcId, protocol, port, targetType, healthCheck,
        newAttributes, targets, tags);
  }

  public int deregistrationDelaySeconds() {
    return Integer.parseInt(attributes.getOrDefault("deregistration_delay.timeout_seconds", "300"));
  }

  public boolean terminateOnDeregistration() {
    return Boolean.parseBoolean(attributes.getOrDefault("deregistration_delay.connection_termination.enabled", "false"));
  }

  public boolean terminateOnUnhealthy() {
    return Boolean.parseBoolean(attributes.getOrDefault("target_health_state.unhealthy.connection_termination.enabled", "true"));
  }

  /** True while a deregistered target is still within its deregistration delay at {@code now}. */
  public boolean stillDraining(Target t, long now) {
    return t.draining() && now < t.drainingSince() + deregistrationDelaySeconds() * 1000L;
  }

  public boolean proxyProtocolV2() {
    return Boolean.parseBoolean(attributes.getOrDefault("proxy_protocol_v2.enabled", "false"));
  }
}
