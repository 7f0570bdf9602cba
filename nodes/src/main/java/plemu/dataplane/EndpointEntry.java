package plemu.dataplane;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Tcp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import plemu.controlplane.Desired;
import plemu.model.NetworkInterface;
import plemu.model.VpcEndpoint;

/**
 * A flow arriving at an interface endpoint's network interface: the endpoint's security groups
 * judge the client (a denied client is reset and counted); an admitted flow goes to the NLB node of
 * the same AZ, with the endpoint's id for the Proxy Protocol v2 header.
 */
final class EndpointEntry {
  private static final Logger log = LoggerFactory.getLogger(EndpointEntry.class);

  private final ActorSystem<?> system;
  private final NlbProxy proxy;
  private final AtomicReference<Desired> state;
  private final AtomicLong denied = new AtomicLong();

  EndpointEntry(ActorSystem<?> system, NlbProxy proxy, AtomicReference<Desired> state) {
    this.system = system;
    this.proxy = proxy;
    this.state = state;
  }

  void handle(Tcp.IncomingConnection connection, ZoneDataPlane.Binding binding) {
    Desired desired = state.get();
    VpcEndpoint endpoint = desired.vpcEndpoints().get(binding.vpcEndpointId());
    NetworkInterface eni = desired.networkInterfaces().get(binding.networkInterfaceId());
    if (endpoint == null || eni == null || !endpoint.available()) {
      connection.handleWith(NlbProxy.reset("endpoint " + binding.vpcEndpointId() + " is not available"), system);
      return;
    }
    SecurityGroupCheck.Client client = SecurityGroupCheck.identify(desired, connection.remoteAddress());
    if (!SecurityGroupCheck.allowsTcp(desired, endpoint.securityGroupIds(), client, binding.port())) {
      long count = denied.incrementAndGet();
      log.info("endpoint {}: security groups {} deny {} to port {} (denied flows here: {})", endpoint.vpcEndpointId(),
          endpoint.securityGroupIds(), client.address(), binding.port(), count);
      connection.handleWith(NlbProxy.reset("denied by security group"), system);
      return;
    }
    // The header shows the client as the endpoint sees it and the endpoint's own private address.
    InetSocketAddress source = new InetSocketAddress(client.address(), connection.remoteAddress().getPort());
    InetSocketAddress destination = new InetSocketAddress(eni.privateIpAddress(), binding.port());
    proxy.handle(connection, binding.listenerArn(),
        Optional.of(new NlbProxy.Origin(endpoint.vpcEndpointId(), source, destination)));
  }

  long denied() {
    return denied.get();
  }
}
