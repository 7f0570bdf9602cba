package plemu.scenario;

import java.util.List;
import java.util.Map;
import plemu.model.KryoSerializable;

/**
 * A scenario file (YAML, {@code config/scenarios/}): accounts and their API tokens, the operator
 * token, regions with their AZs and the nodes that host them, and the VPCs, subnets and security
 * groups to create. Applying one is idempotent: resources are matched by name.
 */
public record Scenario(
    String name, String operatorToken, List<AccountSpec> accounts, List<RegionSpec> regions, List<VpcSpec> vpcs)
    implements KryoSerializable {
  public Scenario {
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    regions = regions == null ? List.of() : List.copyOf(regions);
    vpcs = vpcs == null ? List.of() : List.copyOf(vpcs);
  }

  /** An account; {@code zoneNames} optionally fixes its AZ names (name to AZ ID), else they are derived from its id. */
  public record AccountSpec(String id, String name, String token, Map<String, String> zoneNames)
      implements KryoSerializable {
    public AccountSpec {
      zoneNames = zoneNames == null ? Map.of() : Map.copyOf(zoneNames);
    }
  }

  /**
   * A region: the node hosting its control plane, its AZs by AZ ID, and optionally the CIDR of real
   * host addresses its VPCs' DNS resolvers listen on (default: a free /16 of 127.0.0.0/8).
   */
  public record RegionSpec(String name, String node, List<ZoneSpec> availabilityZones, String resolverAddresses)
      implements KryoSerializable {
    public RegionSpec {
      availabilityZones = availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
    }

    public RegionSpec(String name, String node, List<ZoneSpec> availabilityZones) {
      this(name, node, availabilityZones, null);
    }
  }

  /**
   * An AZ by AZ ID, the node that hosts it (defaults to the AZ ID), and optionally the CIDR of real
   * host addresses that node owns (default: a free /16 of 127.0.0.0/8).
   */
  public record ZoneSpec(String id, String node, String hostAddresses) implements KryoSerializable {}

  /**
   * A VPC and what lives in it: subnets, security groups, instances, and, for providers, target
   * groups, NLBs and endpoint services; for consumers, interface endpoints (to a service by its
   * scenario name, in this or another VPC). Everything is matched by name on re-apply.
   */
  public record VpcSpec(
      String name,
      String account,
      String region,
      String cidrBlock,
      Boolean enableDnsSupport,
      Boolean enableDnsHostnames,
      List<SubnetSpec> subnets,
      List<SecurityGroupSpec> securityGroups,
      List<InstanceSpec> instances,
      List<TargetGroupSpec> targetGroups,
      List<LoadBalancerSpec> loadBalancers,
      List<EndpointServiceSpec> endpointServices,
      List<EndpointSpec> endpoints)
      implements KryoSerializable {
    public VpcSpec {
      subnets = subnets == null ? List.of() : List.copyOf(subnets);
      securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
      instances = instances == null ? List.of() : List.copyOf(instances);
      targetGroups = targetGroups == null ? List.of() : List.copyOf(targetGroups);
      loadBalancers = loadBalancers == null ? List.of() : List.copyOf(loadBalancers);
      endpointServices = endpointServices == null ? List.of() : List.copyOf(endpointServices);
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** A VPC with only subnets and security groups. */
    public VpcSpec(String name, String account, String region, String cidrBlock, Boolean enableDnsSupport,
        Boolean enableDnsHostnames, List<SubnetSpec> subnets, List<SecurityGroupSpec> securityGroups) {
      this(name, account, region, cidrBlock, enableDnsSupport, enableDnsHostnames, subnets, securityGroups,
          null, null, null, null, null);
    }
  }

  /** Instances of a built-in app ({@code plemu-echo}, {@code plemu-whoami}, {@code plemu-external}) in a subnet by name. */
  public record InstanceSpec(String name, String image, String subnet, Integer port, String target, Integer count,
      List<String> securityGroups) implements KryoSerializable {
    public InstanceSpec {
      securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    }
  }

  /** A TCP target group: targets by instance name or IP, and a few attributes. */
  public record TargetGroupSpec(String name, Integer port, String targetType, List<TargetYaml> targets,
      Boolean proxyProtocolV2, Integer deregistrationDelay, HealthCheckYaml healthCheck) implements KryoSerializable {
    public TargetGroupSpec {
      targets = targets == null ? List.of() : List.copyOf(targets);
    }
  }

  /** A target: an instance of this VPC by name, or an IP (outside the VPC: a loopback address with availabilityZone all). */
  public record TargetYaml(String instance, String ip, Integer port, String availabilityZone) implements KryoSerializable {}

  public record HealthCheckYaml(String protocol, String port, String path, Integer interval, Integer timeout,
      Integer healthyThreshold, Integer unhealthyThreshold, String matcher) implements KryoSerializable {}

  /** An NLB over subnets of this VPC (by name), with TCP listeners forwarding to target groups (by name). */
  public record LoadBalancerSpec(String name, List<String> subnets, Boolean crossZone, List<ListenerYaml> listeners)
      implements KryoSerializable {
    public LoadBalancerSpec {
      subnets = subnets == null ? List.of() : List.copyOf(subnets);
      listeners = listeners == null ? List.of() : List.copyOf(listeners);
    }
  }

  public record ListenerYaml(Integer port, String targetGroup) implements KryoSerializable {}

  /**
   * An endpoint service over NLBs of this VPC; its scenario name is its Name tag. {@code
   * allowedPrincipals}: ARNs ({@code arn:aws:iam::<account>:root}, a user or role) or {@code *} that
   * may use it; a 12-digit account id stands for that account's root.
   */
  public record EndpointServiceSpec(String name, List<String> loadBalancers, Boolean acceptanceRequired,
      List<String> allowedPrincipals) implements KryoSerializable {
    public EndpointServiceSpec {
      loadBalancers = loadBalancers == null ? List.of() : List.copyOf(loadBalancers);
      allowedPrincipals = allowedPrincipals == null ? List.of() : List.copyOf(allowedPrincipals);
    }

    public EndpointServiceSpec(String name, List<String> loadBalancers, Boolean acceptanceRequired) {
      this(name, loadBalancers, acceptanceRequired, null);
    }
  }

  /** An interface endpoint in subnets of this VPC (by name) to a service by its scenario name. */
  public record EndpointSpec(String name, String service, List<String> subnets, List<String> securityGroups)
      implements KryoSerializable {
    public EndpointSpec {
      subnets = subnets == null ? List.of() : List.copyOf(subnets);
      securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    }
  }

  /** A subnet in the AZ given by ID or by the owner's AZ name. */
  public record SubnetSpec(String name, String cidrBlock, String availabilityZoneId, String availabilityZone)
      implements KryoSerializable {}

  public record SecurityGroupSpec(String name, String description, List<RuleYaml> ingress, List<RuleYaml> egress)
      implements KryoSerializable {
    public SecurityGroupSpec {
      ingress = ingress == null ? List.of() : List.copyOf(ingress);
      egress = egress == null ? List.of() : List.copyOf(egress);
    }
  }

  /** A rule: protocol (tcp, udp, icmp, all), a port or a port range, and a CIDR or a group of the same VPC by name. */
  public record RuleYaml(
      String protocol, Integer port, Integer fromPort, Integer toPort, String cidr, String sourceGroup, String description)
      implements KryoSerializable {}
}
