package plemu.dataplane;

/**
 * Where a listener is and what it is for: an NLB node's listener ({@code listenerArn}), an endpoint
 * interface in front of one ({@code vpcEndpointId} too), or an instance's app ({@code instanceId}).
 */
public record Binding(String host, int port, String listenerArn, String vpcEndpointId, String networkInterfaceId,
    String instanceId) {
  public String address() {
    return host + ":" + port;
  }
}
