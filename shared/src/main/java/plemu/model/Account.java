package plemu.model;

import java.util.List;
import java.util.Optional;

/**
 * An emulated AWS account with its own Availability Zone names: each account sees the same AZ IDs
 * under names of its own, as in AWS.
 */
public record Account(String accountId, String name, List<ZoneName> zoneNames) implements KryoSerializable {
  public Account {
    zoneNames = List.copyOf(zoneNames);
  }

  /** One zone name as this account sees it. */
  public record ZoneName(String region, String zoneName, String zoneId) implements KryoSerializable {}

  public Optional<String> zoneIdOf(String region, String zoneName) {
    return zoneNames.stream()
        .filter(z -> z.region().equals(region) && z.zoneName().equals(zoneName))
        .map(ZoneName::zoneId)
        .findFirst();
  }

  public Optional<String> zoneNameOf(String zoneId) {
    return zoneNames.stream().filter(z -> z.zoneId().equals(zoneId)).map(ZoneName::zoneName).findFirst();
  }

  public String arnRoot() {
    return "arn:aws:iam::" + accountId + ":root";
  }
}
