package plemu.model;

import java.util.List;

/**
 * An EC2 instance that runs one of plemu's built-in apps (the {@code ImageId}) on its AZ node, as a
 * real TCP server at its network interface's host address: {@code plemu-echo}, {@code plemu-whoami}
 * (HTTP), or {@code plemu-external}, which stands for a process of the user's at
 * {@code externalAddress} (a loopback host:port).
 */
public record Instance(
    String instanceId,
    String ownerId,
    String region,
    String vpcId,
    String subnetId,
    String zoneId,
    String imageId,
    String instanceType,
    String networkInterfaceId,
    int appPort,
    String externalAddress,
    String state,
    long launchTime,
    List<Tag> tags)
    implements KryoSerializable {
  public Instance {
    tags = List.copyOf(tags);
  }

  public static final List<String> IMAGES = List.of("plemu-echo", "plemu-whoami", "plemu-external");

  public boolean running() {
    return state.equals("running");
  }

  public Instance terminated() {
    return new Instance(instanceId, ownerId, region, vpcId, subnetId, zoneId, imageId, instanceType, null, appPort,
        externalAddress, "terminated", launchTime, tags);
  }
}
