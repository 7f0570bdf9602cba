package plemu.model;

import java.util.List;

/**
 * A VPC. CIDRs of different VPCs may overlap, as in AWS. Its Amazon DNS server (the base+2
 * address) is a real resolver at {@code resolverHostAddress}, a host address from the region's
 * resolver pool, answering while DNS support is on.
 */
public record Vpc(
    String vpcId,
    String ownerId,
    String region,
    Cidr cidr,
    String cidrAssociationId,
    boolean enableDnsSupport,
    boolean enableDnsHostnames,
    String resolverHostAddress,
    List<Tag> tags)
    implements KryoSerializable {
  public Vpc {
    tags = List.copyOf(tags);
  }

  public Vpc withDns(boolean support, boolean hostnames) {
    return new Vpc(vpcId, ownerId, region, cidr, cidrAssociationId, support, hostnames, resolverHostAddress, tags);
  }
}
