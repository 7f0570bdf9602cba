package plemu.dataplane;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Tcp;
import plemu.controlplane.Desired;
import plemu.model.NetworkInterface;
import plemu.model.VpcEndpoint;

/**
 * A flow arriving at an interface endpoint's network interface: the endpoint's security groups
 * judge the client (a denied client is reset, logged and counted, see {@link FlowRefusals}); an
 * admitted flow goes to the NLB node of the same AZ, with the endpoint's id for the Proxy Protocol v2
 * header.
 */
final class EndpointEntry {
  private final ActorSystem<?> system;
  private final NlbProxy proxy;
  private final AtomicReference<Desired> state;
  private final FlowRefusals refusals;

  EndpointEntry(ActorSystem<?> system, NlbProxy proxy, AtomicReference<Desired> state, FlowRefusals refusals) {
    this.system = system;
    this.proxy = proxy;
    this.state = state;
    this.refusals = refusals;
  }

  void handle(Tcp.IncomingConnection connection, ZoneDataPlane.Binding binding) {
    Desired desired = state.get();
    VpcEndpoint endpoint = desired.vpcEndpoints().get(binding.vpcEndpointId());
    NetworkInterface eni = desired.networkInterfaces().get(binding.networkInterfaceId());
    InetSocketAddress remote = connection.remoteAddress();
    if (endpoint == null || eni == null || !endpoint.available()) {
      refusals.refused(binding.networkInterfaceId(), FlowRefusals.Reason.EndpointNotAvailable,
          "endpoint {} interface {}: {}:{} to port {}: the endpoint is {}", binding.vpcEndpointId(),
          binding.networkInterfaceId(), remote.getAddress().getHostAddress(), remote.getPort(), binding.port(),
          endpoint == null ? "gone" : endpoint.state());
      connection.handleWith(NlbProxy.reset("endpoint " + binding.vpcEndpointId() + " is not available"), system);
      return;
    }
    SecurityGroupCheck.Client client = SecurityGroupCheck.identify(desired, remote);
    if (!SecurityGroupCheck.allowsTcp(desired, endpoint.securityGroupIds(), client, binding.port())) {
      refusals.refused(eni.networkInterfaceId(), FlowRefusals.Reason.SecurityGroupDenied,
          "endpoint {} interface {} ({}:{}): denied tcp from {}:{}{}: no ingress rule of {} admits it",
          endpoint.vpcEndpointId(), eni.networkInterfaceId(), eni.privateIpAddress(), binding.port(), client.address(),
          remote.getPort(), client.groupIds().isEmpty() ? "" : " (groups " + client.groupIds() + ")",
          endpoint.securityGroupIds());
      connection.handleWith(NlbProxy.reset("denied by security group"), system);
      return;
    }
    // The header shows the client as the endpoint sees it and the endpoint's own private address.
    InetSocketAddress source = new InetSocketAddress(client.address(), remote.getPort());
    InetSocketAddress destination = new InetSocketAddress(eni.privateIpAddress(), binding.port());
    proxy.handle(connection, binding.listenerArn(), eni.networkInterfaceId(),
        Optional.of(new NlbProxy.Origin(endpoint.vpcEndpointId(), source, destination)));
  }
}
