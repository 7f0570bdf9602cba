package plemu.model;

/**
 * A registered target: an instance id or an IP, a port, and the AZ it is in ({@code zoneId}), or
 * null with {@code availabilityZone = "all"} for an IP outside the VPC (on-premises, peered).
 * {@code drainingSince} (epoch ms) is set once it is deregistered: it takes no new flows, and its
 * flows end when the group's deregistration delay has passed.
 */
public record Target(String id, int port, String availabilityZone, String zoneId, Long drainingSince)
    implements KryoSerializable {
  public Target(String id, int port, String availabilityZone, String zoneId) {
    this(id, port, availabilityZone, zoneId, null);
  }

  public boolean outsideVpc() {
    return "all".equals(availabilityZone);
  }

  public boolean draining() {
    return drainingSince != null;
  }

  /** Identifies the target within its group: id and port. */
  public String key() {
    return id + ":" + port;
  }

  public Target drainingFrom(long now) {
    return new Target(id, port, availabilityZone, zoneId, now);
  }
}
