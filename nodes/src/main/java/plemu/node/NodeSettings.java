package plemu.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a node is: its name, role ({@code region} or {@code az}), region and AZ ID, and where it keeps
 * durable state. Also expressed as cluster roles so every node can see the others' identity.
 */
public record NodeSettings(String name, String role, String region, String azId, Path dataDir) {
  public static final String REGION = "region";
  public static final String AZ = "az";

  public NodeSettings {
    if (!role.equals(REGION) && !role.equals(AZ))
      throw new IllegalArgumentException("plemu.node.role must be 'region' or 'az', not '" + role + "'");
    if (name.isBlank()) throw new IllegalArgumentException("plemu.node.name is required");
    if (region.isBlank()) throw new IllegalArgumentException("plemu.node.region is required");
    if (role.equals(AZ) && azId.isBlank()) throw new IllegalArgumentException("plemu.node.az-id is required for an AZ node");
  }

  public static NodeSettings fromConfig(Config plemu) {
    Config node = plemu.getConfig("node");
    return new NodeSettings(node.getString("name"), node.getString("role"), node.getString("region"),
        node.getString("az-id"), Path.of(plemu.getString("data-dir")));
  }

  public static NodeSettings region(String region, Path dataDir) {
    return new NodeSettings(region, REGION, region, "", dataDir);
  }

  public static NodeSettings az(String name, String region, String azId, Path dataDir) {
    return new NodeSettings(name, AZ, region, azId, dataDir);
  }

  public boolean isRegion() {
    return role.equals(REGION);
  }

  /** Cluster roles: the plain role, plus tagged identity roles read back by {@link MemberIdentity}. */
  public List<String> clusterRoles() {
    List<String> roles = new ArrayList<>(List.of(role, "node=" + name, "region=" + region));
    if (isRegion()) roles.add(regionRole(region));
    else roles.add("az=" + azId);
    return roles;
  }

  /** The role that region nodes of one region share (for the regions issue; the writer runs on a "region" node). */
  public static String regionRole(String region) {
    return "region-node=" + region;
  }

  /** The LMDB directory of durable state (a name not ending in "ddata", or Pekko appends the port). */
  public Path ddataDir() {
    return dataDir.resolve(name).resolve("desired-state");
  }
}
