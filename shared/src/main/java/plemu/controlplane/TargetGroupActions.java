package plemu.controlplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import plemu.model.HealthCheck;
import plemu.model.Instance;
import plemu.model.Ipv4;
import plemu.model.KryoSerializable;
import plemu.model.Subnet;
import plemu.model.Tag;
import plemu.model.Target;
import plemu.model.TargetGroup;
import plemu.model.Vpc;

/** CreateTargetGroup, DeleteTargetGroup, ModifyTargetGroupAttributes, RegisterTargets, DeregisterTargets. */
public final class TargetGroupActions {
  private TargetGroupActions() {}

  /** Health check parameters as a request gives them (null: NLB's default). */
  public record HealthCheckSpec(Boolean enabled, String protocol, String port, String path, Integer intervalSeconds,
      Integer timeoutSeconds, Integer healthyThreshold, Integer unhealthyThreshold, String matcher)
      implements KryoSerializable {
    HealthCheck resolve() {
      String proto = protocol == null ? "TCP" : protocol;
      if (!List.of("TCP", "HTTP").contains(proto))
        throw AwsError.badRequest("ValidationError", "HealthCheckProtocol must be TCP or HTTP, not '" + proto + "'").exception();
      boolean http = proto.equals("HTTP");
      if (!http && (path != null || matcher != null))
        throw AwsError.badRequest("ValidationError", "A health check path and matcher need HealthCheckProtocol HTTP").exception();
      String portValue = port == null ? "traffic-port" : port;
      if (!portValue.equals("traffic-port") && !ElbAttributes.intBetween(portValue, 1, 65535))
        throw AwsError.badRequest("ValidationError", "HealthCheckPort must be 'traffic-port' or 1-65535").exception();
      int interval = range("HealthCheckIntervalSeconds", intervalSeconds, 30, 5, 300);
      int timeout = range("HealthCheckTimeoutSeconds", timeoutSeconds, http ? 6 : 10, 2, 120);
      if (timeout > interval)
        throw AwsError.badRequest("ValidationError", "HealthCheckTimeoutSeconds must be at most HealthCheckIntervalSeconds").exception();
      int healthy = range("HealthyThresholdCount", healthyThreshold, 5, 2, 10);
      int unhealthy = range("UnhealthyThresholdCount", unhealthyThreshold, 2, 2, 10);
      String match = http ? (matcher == null ? "200-399" : matcher) : null;
      if (match != null && !match.matches("\\d{3}(-\\d{3})?(,\\d{3}(-\\d{3})?)*"))
        throw AwsError.badRequest("ValidationError", "Matcher.HttpCode '" + match + "' is not a code, range or list of them").exception();
      String pathValue = http ? (path == null ? "/" : path) : null;
      if (pathValue != null && !pathValue.startsWith("/"))
        throw AwsError.badRequest("ValidationError", "HealthCheckPath must start with '/'").exception();
      return new HealthCheck(enabled == null || enabled, proto, portValue, pathValue, interval, timeout, healthy, unhealthy, match);
    }

    /**
     * What ModifyTargetGroup makes of the current check: what the request leaves out stays, except
     * the path and matcher, which follow a change of protocol (an HTTP check gains NLB's defaults, a
     * TCP one loses them).
     */
    HealthCheck over(HealthCheck current) {
      String proto = protocol == null ? current.protocol() : protocol;
      boolean keepsHttp = proto.equals("HTTP") && current.protocol().equals("HTTP");
      return new HealthCheckSpec(enabled == null ? current.enabled() : enabled, proto,
          port == null ? current.port() : port, path == null && keepsHttp ? current.path() : path,
          intervalSeconds == null ? current.intervalSeconds() : intervalSeconds,
          timeoutSeconds == null ? current.timeoutSeconds() : timeoutSeconds,
          healthyThreshold == null ? current.healthyThreshold() : healthyThreshold,
          unhealthyThreshold == null ? current.unhealthyThreshold() : unhealthyThreshold,
          matcher == null && keepsHttp ? current.matcher() : matcher).resolve();
    }

    private static int range(String name, Integer value, int dflt, int min, int max) {
      int v = value == null ? dflt : value;
      if (v < min || v > max)
        throw AwsError.badRequest("ValidationError", name + " must be between " + min + " and " + max + ", not " + v).exception();
      return v;
    }
  }

  /** Creates a TCP target group; same name and settings again returns the existing one. */
  public record CreateTargetGroup(Caller caller, String name, String protocol, Integer port, String vpcId,
      String targetType, HealthCheckSpec healthCheck, List<Tag> tags) implements Mutation {
    @Override
    public TargetGroup apply(Desired.Builder s, IdSource ids) {
      if (name == null || name.isEmpty()) throw AwsError.missingParameter("Name").exception();
      if (name.length() > 32 || !name.matches("[A-Za-z0-9-]+") || name.startsWith("-") || name.endsWith("-"))
        throw AwsError.badRequest("ValidationError", "Target group name '" + name + "' is not valid: at most 32 "
            + "alphanumeric characters or hyphens, not starting or ending with a hyphen").exception();
      String type = targetType == null ? "instance" : targetType;
      if (!type.equals("instance") && !type.equals("ip"))
        throw AwsError.badRequest("ValidationError", "TargetType must be 'instance' or 'ip' (plemu emulates NLB target groups)").exception();
      if (protocol == null) throw AwsError.missingParameter("Protocol").exception();
      if (!protocol.equals("TCP"))
        throw AwsError.badRequest("ValidationError", "plemu's NLB target groups use Protocol TCP, not '" + protocol + "'").exception();
      if (port == null) throw AwsError.missingParameter("Port").exception();
      if (port < 1 || port > 65535) throw AwsError.badRequest("ValidationError", "Port must be 1-65535").exception();
      if (vpcId == null) throw AwsError.missingParameter("VpcId").exception();
      Owned.VPC.get(s, caller, vpcId);
      HealthCheck hc = (healthCheck == null ? new HealthCheckSpec(null, null, null, null, null, null, null, null, null)
          : healthCheck).resolve();
      TargetGroup existing = Owned.TARGET_GROUP.all(s, caller).stream()
          .filter(tg -> tg.name().equals(name)).findFirst().orElse(null);
      if (existing != null) {
        if (existing.protocol().equals(protocol) && existing.port() == port && existing.vpcId().equals(vpcId)
            && existing.targetType().equals(type) && existing.healthCheck().equals(hc))
          return existing;
        throw AwsError.badRequest("DuplicateTargetGroupName", "A target group with the same name '" + name
            + "' exists, but with different settings").exception();
      }
      String arn = Arns.elb(caller, "targetgroup/" + name + "/" + ids.hex(16));
      TargetGroup tg = new TargetGroup(arn, name, caller.accountId(), caller.region(), vpcId, protocol, port, type, hc,
          TargetGroup.DEFAULT_ATTRIBUTES, List.of(), tags);
      s.put(Table.TARGET_GROUPS, arn, tg);
      return tg;
    }
  }

  /** Deletes a target group no listener uses. */
  public record DeleteTargetGroup(Caller caller, String targetGroupArn) implements Mutation {
    @Override
    public Boolean apply(Desired.Builder s, IdSource ids) {
      TargetGroup tg = Owned.TARGET_GROUP.get(s, caller, targetGroupArn);
      s.ownedBy(Table.LISTENERS, tg.ownerId()).stream().filter(l -> l.targetGroupArn().equals(tg.targetGroupArn()))
          .findFirst().ifPresent(l -> {
            throw AwsError.badRequest("ResourceInUse", "Target group '" + targetGroupArn
                + "' is currently in use by a listener or a rule").exception();
          });
      s.remove(Table.TARGET_GROUPS, tg.targetGroupArn());
      return true;
    }
  }

  /** Changes a target group's health check (ELBv2 ModifyTargetGroup); returns the target group. */
  public record ModifyTargetGroup(Caller caller, String targetGroupArn, HealthCheckSpec healthCheck) implements Mutation {
    @Override
    public TargetGroup apply(Desired.Builder s, IdSource ids) {
      TargetGroup tg = Owned.TARGET_GROUP.get(s, caller, targetGroupArn);
      TargetGroup updated = tg.withHealthCheck(healthCheck.over(tg.healthCheck()));
      s.put(Table.TARGET_GROUPS, tg.targetGroupArn(), updated);
      return updated;
    }
  }

  /** Changes target group attributes (proxy protocol v2, deregistration delay, ...); returns all of them. */
  public record ModifyTargetGroupAttributes(Caller caller, String targetGroupArn, Map<String, String> attributes)
      implements Mutation {
    @Override
    public TargetGroup apply(Desired.Builder s, IdSource ids) {
      TargetGroup tg = Owned.TARGET_GROUP.get(s, caller, targetGroupArn);
      Map<String, String> merged = ElbAttributes.mergeAttributes(tg.attributes(), attributes, (k, v) -> switch (k) {
        case "deregistration_delay.timeout_seconds" -> ElbAttributes.intBetween(v, 0, 3600);
        case "target_health_state.unhealthy.draining_interval_seconds" -> ElbAttributes.intBetween(v, 0, 360000);
        case "stickiness.type" -> v.equals("source_ip");
        case "load_balancing.cross_zone.enabled" -> List.of("true", "false", "use_load_balancer_configuration").contains(v);
        default -> ElbAttributes.isBoolean(v);
      }, "Target group");
      TargetGroup updated = tg.withAttributes(merged);
      s.put(Table.TARGET_GROUPS, tg.targetGroupArn(), updated);
      return updated;
    }
  }

  /** A target as a request names it. */
  public record TargetSpec(String id, Integer port, String availabilityZone) implements KryoSerializable {}

  /**
   * Registers targets. An ip target inside the VPC is in the AZ of the subnet holding its address;
   * one outside the VPC (on-premises, peered) needs {@code AvailabilityZone = all}. Instance targets
   * name instances of the VPC (RunInstances comes with the data plane).
   */
  public record RegisterTargets(Caller caller, String targetGroupArn, List<TargetSpec> targets) implements Mutation {
    @Override
    public Boolean apply(Desired.Builder s, IdSource ids) {
      TargetGroup tg = Owned.TARGET_GROUP.get(s, caller, targetGroupArn);
      if (targets.isEmpty()) throw AwsError.missingParameter("Targets").exception();
      long now = ids.now();
      List<Target> all = new ArrayList<>(tg.targets());
      all.removeIf(t -> t.draining() && !tg.stillDraining(t, now)); // drained: gone for good
      for (TargetSpec spec : targets) {
        Target t = resolve(s, tg, spec);
        all.removeIf(existing -> existing.id().equals(t.id()) && existing.port() == t.port());
        all.add(t);
      }
      s.put(Table.TARGET_GROUPS, tg.targetGroupArn(), tg.withTargets(all));
      return true;
    }

    private Target resolve(Desired.Builder s, TargetGroup tg, TargetSpec spec) {
      if (spec.id() == null || spec.id().isEmpty()) throw AwsError.missingParameter("Targets.Id").exception();
      int port = spec.port() == null ? tg.port() : spec.port();
      if (port < 1 || port > 65535) throw AwsError.badRequest("ValidationError", "Target port must be 1-65535").exception();
      if (tg.targetType().equals("instance")) {
        Instance instance = Owned.INSTANCE.find(s, caller, spec.id())
            .filter(i -> i.vpcId().equals(tg.vpcId()) && i.running())
            .orElseThrow(() -> AwsError.badRequest("InvalidTarget", "The following targets are not in a running state "
                + "and cannot be registered: '" + spec.id() + "'").exception());
        if (spec.availabilityZone() != null)
          throw AwsError.badRequest("ValidationError", "An instance target takes no AvailabilityZone").exception();
        return new Target(spec.id(), port, null, instance.zoneId());
      }
      int ip;
      try {
        ip = Ipv4.parse(spec.id());
      } catch (IllegalArgumentException e) {
        throw AwsError.badRequest("InvalidTarget", "The IP address '" + spec.id() + "' is not a valid IPv4 address").exception();
      }
      Vpc vpc = s.get(Table.VPCS, tg.vpcId()).orElseThrow();
      if (vpc.cidr().contains(ip)) {
        if ("all".equals(spec.availabilityZone()))
          throw AwsError.badRequest("ValidationError", "The IP address '" + spec.id()
              + "' is inside the VPC: give its subnet's Availability Zone, or none").exception();
        Subnet subnet = s.ownedBy(Table.SUBNETS, vpc.ownerId()).stream()
            .filter(x -> x.vpcId().equals(vpc.vpcId()) && x.cidr().contains(ip))
            .findFirst()
            .orElseThrow(() -> AwsError.badRequest("InvalidTarget", "The IP address '" + spec.id()
                + "' is in the VPC's CIDR but in none of its subnets").exception());
        return new Target(spec.id(), port, null, subnet.zoneId());
      }
      if (!"all".equals(spec.availabilityZone()))
        throw AwsError.badRequest("ValidationError", "The IP address '" + spec.id() + "' is outside the VPC "
            + vpc.vpcId() + " (" + vpc.cidr() + "): register it with AvailabilityZone 'all'").exception();
      return new Target(spec.id(), port, "all", null);
    }
  }

  /** Deregisters targets (by id and port; without a port, the group's port). */
  public record DeregisterTargets(Caller caller, String targetGroupArn, List<TargetSpec> targets) implements Mutation {
    @Override
    public Boolean apply(Desired.Builder s, IdSource ids) {
      TargetGroup tg = Owned.TARGET_GROUP.get(s, caller, targetGroupArn);
      if (targets.isEmpty()) throw AwsError.missingParameter("Targets").exception();
      long now = ids.now();
      List<Target> remaining = new ArrayList<>(tg.targets());
      remaining.removeIf(t -> t.draining() && !tg.stillDraining(t, now));
      for (TargetSpec spec : targets) {
        int port = spec.port() == null ? tg.port() : spec.port();
        int at = -1;
        for (int i = 0; i < remaining.size(); i++)
          if (remaining.get(i).id().equals(spec.id()) && remaining.get(i).port() == port && !remaining.get(i).draining()) at = i;
        if (at < 0)
          throw AwsError.badRequest("InvalidTarget", "The target '" + spec.id() + ":" + port
              + "' is not registered with target group '" + tg.name() + "'").exception();
        // draining: no new flows now; existing ones end after the deregistration delay
        remaining.set(at, remaining.get(at).drainingFrom(now));
      }
      s.put(Table.TARGET_GROUPS, tg.targetGroupArn(), tg.withTargets(remaining));
      return true;
    }
  }
}
