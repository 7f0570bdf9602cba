package plemu.controlplane;

import java.util.Map;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.TargetGroup;

/** Finds a caller's own ELB resources by ARN, with ELBv2's error codes (another account's ARN is not found). */
final class ElbLookups {
  private ElbLookups() {}

  static LoadBalancer loadBalancer(Desired.Builder s, Caller c, String arn) {
    if (arn == null || arn.isEmpty()) throw AwsError.missingParameter("LoadBalancerArn").exception();
    return s.get(Table.LOAD_BALANCERS, arn).filter(lb -> owned(c, lb.ownerId(), lb.region()))
        .orElseThrow(() -> AwsError.notFound("LoadBalancerNotFound", "One or more load balancers not found").exception());
  }

  static TargetGroup targetGroup(Desired.Builder s, Caller c, String arn) {
    if (arn == null || arn.isEmpty()) throw AwsError.missingParameter("TargetGroupArn").exception();
    return s.get(Table.TARGET_GROUPS, arn).filter(tg -> owned(c, tg.ownerId(), tg.region()))
        .orElseThrow(() -> AwsError.notFound("TargetGroupNotFound", "One or more target groups not found").exception());
  }

  static Listener listener(Desired.Builder s, Caller c, String arn) {
    if (arn == null || arn.isEmpty()) throw AwsError.missingParameter("ListenerArn").exception();
    return s.get(Table.LISTENERS, arn).filter(l -> owned(c, l.ownerId(), l.region()))
        .orElseThrow(() -> AwsError.notFound("ListenerNotFound", "One or more listeners not found").exception());
  }

  private static boolean owned(Caller c, String owner, String region) {
    return owner.equals(c.accountId()) && region.equals(c.region());
  }

  static String arn(Caller c, String resource) {
    return "arn:aws:elasticloadbalancing:" + c.region() + ":" + c.accountId() + ":" + resource;
  }

  /** Checks attribute keys against the known ones and values with {@code valid}; returns the merged map. */
  static Map<String, String> mergeAttributes(Map<String, String> current, Map<String, String> changes,
      java.util.function.BiPredicate<String, String> valid, String kind) {
    if (changes.isEmpty()) throw AwsError.missingParameter("Attributes").exception();
    Map<String, String> merged = new java.util.HashMap<>(current);
    changes.forEach((key, value) -> {
      if (!current.containsKey(key))
        throw AwsError.badRequest("ValidationError", kind + " attribute key '" + key + "' is not recognized; known keys: "
            + String.join(", ", new java.util.TreeSet<>(current.keySet()))).exception();
      if (value == null || !valid.test(key, value))
        throw AwsError.badRequest("ValidationError", kind + " attribute '" + key + "' cannot be '" + value + "'").exception();
      merged.put(key, value);
    });
    return merged;
  }

  static boolean isBoolean(String v) {
    return v.equals("true") || v.equals("false");
  }

  static boolean intBetween(String v, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      return n >= min && n <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
