package plemu.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;
import plemu.model.Account;
import plemu.model.HealthCheck;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.TargetGroup;

/** Renders ELBv2 records as the ELBv2 API's JSON shapes (botocore member names). */
final class Elbv2Json {
  private Elbv2Json() {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** AWS's hosted zone of NLB DNS names in a few regions; others get a stable stand-in. */
  private static final Map<String, String> CANONICAL_ZONES = Map.of(
      "us-east-1", "Z26RNL4JYFTOTI", "us-east-2", "ZLMOA37VPKANP", "us-west-2", "Z18D5FSROUN65G",
      "eu-west-1", "Z2IFOLAFXWLO4F", "eu-central-1", "Z3F0SRJ5LGBH90");

  static ObjectNode loadBalancer(LoadBalancer lb, Account viewer, Desired state) {
    ObjectNode o = F.objectNode();
    o.put("LoadBalancerArn", lb.loadBalancerArn());
    o.put("DNSName", lb.dnsName());
    o.put("CanonicalHostedZoneId", CANONICAL_ZONES.getOrDefault(lb.region(), "ZPLEMU" + lb.region().replace("-", "").toUpperCase()));
    o.put("CreatedTime", Instant.ofEpochMilli(lb.createdTime()).toString());
    o.put("LoadBalancerName", lb.name());
    o.put("Scheme", lb.scheme());
    o.put("VpcId", lb.vpcId());
    o.putObject("State").put("Code", "active");
    o.put("Type", "network");
    ArrayNode zones = o.putArray("AvailabilityZones");
    for (LoadBalancer.Node n : lb.nodes()) {
      ObjectNode z = zones.addObject();
      z.put("ZoneName", viewer.zoneNameOf(n.zoneId()).orElse(n.zoneId()));
      z.put("SubnetId", n.subnetId());
      NetworkInterface eni = state.networkInterfaces().get(n.networkInterfaceId());
      ArrayNode addresses = z.putArray("LoadBalancerAddresses");
      if (eni != null) addresses.addObject().put("PrivateIPv4Address", eni.privateIpAddress());
    }
    if (!lb.securityGroupIds().isEmpty()) lb.securityGroupIds().forEach(o.putArray("SecurityGroups")::add);
    o.put("IpAddressType", "ipv4");
    return o;
  }

  static ObjectNode targetGroup(TargetGroup tg, Desired state) {
    ObjectNode o = F.objectNode();
    o.put("TargetGroupArn", tg.targetGroupArn());
    o.put("TargetGroupName", tg.name());
    o.put("Protocol", tg.protocol());
    o.put("Port", tg.port());
    o.put("VpcId", tg.vpcId());
    HealthCheck hc = tg.healthCheck();
    o.put("HealthCheckProtocol", hc.protocol());
    o.put("HealthCheckPort", hc.port());
    o.put("HealthCheckEnabled", hc.enabled());
    o.put("HealthCheckIntervalSeconds", hc.intervalSeconds());
    o.put("HealthCheckTimeoutSeconds", hc.timeoutSeconds());
    o.put("HealthyThresholdCount", hc.healthyThreshold());
    o.put("UnhealthyThresholdCount", hc.unhealthyThreshold());
    if (hc.path() != null) o.put("HealthCheckPath", hc.path());
    if (hc.matcher() != null) o.putObject("Matcher").put("HttpCode", hc.matcher());
    ArrayNode lbs = o.putArray("LoadBalancerArns");
    // the listeners that use a target group are its owner's
    state.ownedBy(Table.LISTENERS, tg.ownerId()).stream().filter(l -> l.targetGroupArn().equals(tg.targetGroupArn()))
        .map(Listener::loadBalancerArn).distinct().sorted().forEach(lbs::add);
    o.put("TargetType", tg.targetType());
    o.put("IpAddressType", "ipv4");
    return o;
  }

  static ObjectNode listener(Listener l) {
    ObjectNode o = F.objectNode();
    o.put("ListenerArn", l.listenerArn());
    o.put("LoadBalancerArn", l.loadBalancerArn());
    o.put("Port", l.port());
    o.put("Protocol", l.protocol());
    ObjectNode action = o.putArray("DefaultActions").addObject();
    action.put("Type", "forward");
    action.put("TargetGroupArn", l.targetGroupArn());
    ObjectNode forward = action.putObject("ForwardConfig");
    forward.putArray("TargetGroups").addObject().put("TargetGroupArn", l.targetGroupArn()).put("Weight", 1);
    forward.putObject("TargetGroupStickinessConfig").put("Enabled", false);
    return o;
  }

  /** {@code {"Attributes":[{"Key":..,"Value":..}]}} in key order. */
  static ObjectNode attributes(Map<String, String> attributes) {
    ObjectNode o = F.objectNode();
    ArrayNode list = o.putArray("Attributes");
    new TreeMap<>(attributes).forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
    return o;
  }
}
