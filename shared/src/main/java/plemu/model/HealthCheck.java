package plemu.model;

/**
 * How NLB nodes check a target group's targets: TCP connect, or HTTP GET of {@code path} expecting
 * a status in {@code matcher}; {@code port} is {@code traffic-port} or a number.
 */
public record HealthCheck(
    boolean enabled,
    String protocol,
    String port,
    String path,
    int intervalSeconds,
    int timeoutSeconds,
    int healthyThreshold,
    int unhealthyThreshold,
    String matcher)
    implements KryoSerializable {

  /** NLB's defaults for a TCP target group: TCP, every 30 s, 10 s timeout, 5 to become healthy, 2 to fail. */
  public static HealthCheck tcpDefaults() {
    return new HealthCheck(true, "TCP", "traffic-port", null, 30, 10, 5, 2, null);
  }
}
