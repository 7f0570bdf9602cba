package plemu.model;

import java.util.List;

/** A subnet: a CIDR inside its VPC's, in one Availability Zone (kept by AZ ID; names are per account). */
public record Subnet(
    String subnetId, String ownerId, String region, String vpcId, Cidr cidr, String zoneId, List<Tag> tags)
    implements KryoSerializable {
  public Subnet {
    tags = List.copyOf(tags);
  }

  public String arn() {
    return "arn:aws:ec2:" + region + ":" + ownerId + ":subnet/" + subnetId;
  }
}
