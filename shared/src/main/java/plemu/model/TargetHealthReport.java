package plemu.model;

/**
 * What one NLB node observed of one target's health, as AZ nodes publish it for DescribeTargetHealth:
 * state and reason with ELBv2's names.
 */
public record TargetHealthReport(
    String loadBalancerArn,
    String targetGroupArn,
    String targetId,
    int port,
    String nodeZoneId,
    String state,
    String reason,
    String description,
    long since)
    implements KryoSerializable {

  /** The key of a report: one per NLB node, group and target. */
  public static String key(String loadBalancerArn, String nodeZoneId, String targetGroupArn, String targetKey) {
    return loadBalancerArn + "|" + nodeZoneId + "|" + targetGroupArn + "|" + targetKey;
  }
}
