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

  /** A region: the node hosting its control plane and its AZs by AZ ID. */
  public record RegionSpec(String name, String node, List<ZoneSpec> availabilityZones) implements KryoSerializable {
    public RegionSpec {
      availabilityZones = availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
    }
  }

  /**
   * An AZ by AZ ID, the node that hosts it (defaults to the AZ ID), and optionally the CIDR of real
   * host addresses that node owns (default: a free /16 of 127.0.0.0/8).
   */
  public record ZoneSpec(String id, String node, String hostAddresses) implements KryoSerializable {}

  public record VpcSpec(
      String name,
      String account,
      String region,
      String cidrBlock,
      Boolean enableDnsSupport,
      Boolean enableDnsHostnames,
      List<SubnetSpec> subnets,
      List<SecurityGroupSpec> securityGroups)
      implements KryoSerializable {
    public VpcSpec {
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
