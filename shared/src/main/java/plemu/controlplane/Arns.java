package plemu.controlplane;

import java.util.regex.Pattern;

/**
 * The ARNs of ELBv2 and SNS resources: how plemu makes them, and how a request's ARN is checked
 * before it is looked up, with the answers of those services: ELBv2 takes an ARN that is not of
 * the caller's region (or not an ARN of that resource type at all) as "not a valid ARN"
 * ({@code ValidationError}); SNS answers {@code InvalidParameter}.
 */
final class Arns {
  private Arns() {}

  private static final String ELB = "arn:aws:elasticloadbalancing:";
  private static final String NAME = "[A-Za-z0-9-]{1,32}";
  private static final String HEX16 = "[0-9a-f]{16}";
  static final Pattern LOAD_BALANCER = elb("loadbalancer/(app|net|gwy)/" + NAME + "/" + HEX16);
  static final Pattern TARGET_GROUP = elb("targetgroup/" + NAME + "/" + HEX16);
  static final Pattern LISTENER = elb("listener/(app|net|gwy)/" + NAME + "/" + HEX16 + "/" + HEX16);
  private static final String SNS = "arn:aws:sns:([a-z0-9-]+):\\d{12}:[A-Za-z0-9_-]{1,256}";
  static final Pattern TOPIC = Pattern.compile(SNS);
  static final Pattern SUBSCRIPTION = Pattern.compile(SNS + ":[0-9a-f-]{36}");

  private static Pattern elb(String resource) {
    return Pattern.compile(Pattern.quote(ELB) + "([a-z0-9-]+):\\d{12}:" + resource);
  }

  /** The ARN of an ELBv2 resource of the caller ({@code resource}: e.g. {@code targetgroup/web/0123...}). */
  static String elb(Caller c, String resource) {
    return ELB + c.region() + ":" + c.accountId() + ":" + resource;
  }

  static String topic(Caller c, String name) {
    return "arn:aws:sns:" + c.region() + ":" + c.accountId() + ":" + name;
  }

  /**
   * Null when {@code arn} is an ARN of {@code form} in the caller's region; else ELBv2's answer,
   * {@code '<arn>' is not a valid <kind> ARN}.
   */
  static AwsError checkElb(Pattern form, String kind, Caller c, String arn) {
    var m = form.matcher(arn);
    if (m.matches() && m.group(1).equals(c.region())) return null;
    return AwsError.badRequest("ValidationError", "'" + arn + "' is not a valid " + kind + " ARN");
  }

  /**
   * Null when {@code arn} is an SNS ARN of {@code form} in the caller's region; else SNS's answer
   * for the parameter {@code name} ({@code Invalid parameter: TopicArn}, with the reason when it is no ARN).
   */
  static AwsError checkSns(Pattern form, String name, Caller c, String arn) {
    int elements = arn.split(":", -1).length;
    if (elements < 6)
      return AwsError.badRequest("InvalidParameter", "Invalid parameter: " + name
          + " Reason: An ARN must have at least 6 elements, not " + elements);
    var m = form.matcher(arn);
    if (m.matches() && m.group(1).equals(c.region())) return null;
    return AwsError.badRequest("InvalidParameter", "Invalid parameter: " + name);
  }
}
