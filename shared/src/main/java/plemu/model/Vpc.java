package plemu.model;

import java.util.List;

/** A VPC. CIDRs of different VPCs may overlap, as in AWS. */
public record Vpc(
    String vpcId,
    String ownerId,
    String region,
    Cidr cidr,
    String cidrAssociationId,
    boolean enableDnsSupport,
    boolean enableDnsHostnames,
    List<Tag> tags)
    implements KryoSerializable {
  public Vpc {
    tags = List.copyOf(tags);
  }

  public Vpc withDns(boolean support, boolean hostnames) {
    return new Vpc(vpcId, ownerId, region, cidr, cidrAssociationId, support, hostnames, tags);
  }
}
