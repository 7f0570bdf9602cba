package plemu.model;

/**
 * A registered target: an instance id or an IP, a port, and the AZ it is in ({@code zoneId}), or
 * null with {@code availabilityZone = "all"} for an IP outside the VPC (on-premises, peered).
 */
public record Target(String id, int port, String availabilityZone, String zoneId) implements KryoSerializable {
  public boolean outsideVpc() {
    return "all".equals(availabilityZone);
  }
}
