package plemu.controlplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import plemu.model.Instance;
import plemu.model.Ipv4;
import plemu.model.KryoSerializable;
import plemu.model.NetworkInterface;
import plemu.model.SecurityGroup;
import plemu.model.Subnet;
import plemu.model.Tag;

/** RunInstances (built-in apps) and TerminateInstances. */
public final class InstanceActions {
  private InstanceActions() {}

  /** Default app ports: unprivileged, so a user without root can run them. */
  static final Map<String, Integer> DEFAULT_PORTS = Map.of("plemu-echo", 7000, "plemu-whoami", 8080);

  /** The app settings of a launch: from UserData lines {@code key=value} and {@code plemu:<key>} tags. */
  public record AppSettings(Integer port, String target) implements KryoSerializable {}

  /** Launches {@code count} instances of a built-in app in one subnet, each with its own network interface. */
  public record RunInstances(Caller caller, String imageId, String instanceType, String subnetId,
      List<String> securityGroupIds, int minCount, int maxCount, String privateIpAddress, AppSettings app,
      List<Tag> tags) implements Mutation {
    @Override
    public List<Instance> apply(Desired.Builder s, IdSource ids) {
      if (imageId == null) throw AwsError.missingParameter("ImageId").exception();
      if (!Instance.IMAGES.contains(imageId))
        throw AwsError.badRequest("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist; plemu's "
            + "images are " + String.join(", ", Instance.IMAGES)).exception();
      if (subnetId == null)
        throw AwsError.badRequest("MissingParameter", "plemu has no default VPC: give SubnetId").exception();
      Subnet subnet = Owned.SUBNET.get(s, caller, subnetId);
      if (minCount < 1 || maxCount < minCount)
        throw AwsError.badRequest("InvalidParameterValue", "MinCount must be at least 1 and at most MaxCount").exception();
      if (maxCount > 20)
        throw AwsError.badRequest("InstanceLimitExceeded", "plemu launches at most 20 instances per call").exception();
      if (privateIpAddress != null && maxCount > 1)
        throw AwsError.badRequest("InvalidParameterCombination",
            "Network interfaces and an instance-level private IP address should not be specified on the same request "
                + "for more than one instance").exception();
      List<String> groups = securityGroupIds;
      if (groups.isEmpty())
        groups = s.ownedBy(Table.SECURITY_GROUPS, subnet.ownerId()).stream()
            .filter(g -> g.vpcId().equals(subnet.vpcId()) && g.groupName().equals("default"))
            .map(SecurityGroup::groupId).toList();
      for (String g : groups) {
        SecurityGroup group = Owned.SECURITY_GROUP.get(s, caller, g);
        if (!group.vpcId().equals(subnet.vpcId()))
          throw AwsError.badRequest("InvalidParameter", "Security group " + g + " and subnet " + subnetId
              + " belong to different networks.").exception();
      }
      int port = app.port() != null ? app.port() : DEFAULT_PORTS.getOrDefault(imageId, 0);
      String external = null;
      if (imageId.equals("plemu-external")) {
        external = externalTarget(app.target());
        if (app.port() == null) port = Integer.parseInt(external.substring(external.lastIndexOf(':') + 1));
      }
      if (port < 1 || port > 65535)
        throw AwsError.badRequest("InvalidParameterValue", "The app port " + port + " is not 1-65535").exception();
      String type = instanceType == null ? "t3.micro" : instanceType;
      List<Instance> launched = new ArrayList<>();
      for (int i = 0; i < maxCount; i++) {
        String id = s.newId(Table.INSTANCES, "i", ids);
        NetworkInterface eni;
        try {
          eni = NetworkInterfaces.create(s, ids, subnet, new NetworkInterfaces.Spec("interface", "", false, groups, id),
              privateIpAddress);
        } catch (AwsException full) {
          if (i >= minCount) break; // AWS launches as many as it can between MinCount and MaxCount
          throw full;
        }
        Instance instance = new Instance(id, caller.accountId(), caller.region(), subnet.vpcId(), subnet.subnetId(),
            subnet.zoneId(), imageId, type, eni.networkInterfaceId(), port, external, "running", ids.now(), tags);
        s.put(Table.INSTANCES, id, instance);
        launched.add(instance);
      }
      return launched;
    }

    private static String externalTarget(String target) {
      if (target == null)
        throw AwsError.badRequest("InvalidParameterValue", "plemu-external needs the address of your process: "
            + "UserData 'target=127.0.0.1:9000' or a tag plemu:target").exception();
      int colon = target.lastIndexOf(':');
      try {
        int ip = Ipv4.parse(target.substring(0, Math.max(colon, 0)));
        int port = Integer.parseInt(target.substring(colon + 1));
        if (!Ipv4.isLoopback(ip) || port < 1 || port > 65535) throw new IllegalArgumentException();
      } catch (RuntimeException e) {
        throw AwsError.badRequest("InvalidParameterValue", "The external target '" + target
            + "' must be a loopback address and port, e.g. 127.0.0.1:9000").exception();
      }
      return target;
    }
  }

  /** Terminates instances: their apps stop and their network interfaces are released. */
  public record TerminateInstances(Caller caller, List<String> instanceIds) implements Mutation {
    @Override
    public List<Instance> apply(Desired.Builder s, IdSource ids) {
      if (instanceIds.isEmpty()) throw AwsError.missingParameter("InstanceIds").exception();
      List<Instance> before = new ArrayList<>();
      for (String id : instanceIds) {
        before.add(Owned.INSTANCE.get(s, caller, id));
      }
      for (Instance instance : before) {
        if (instance.networkInterfaceId() != null) s.remove(Table.NETWORK_INTERFACES, instance.networkInterfaceId());
        s.put(Table.INSTANCES, instance.instanceId(), instance.terminated());
      }
      return before;
    }
  }
}
