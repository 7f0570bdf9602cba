package plemu.dataplane;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import plemu.dataplane.io.TcpTransport;
import plemu.controlplane.Desired;
import plemu.model.NetworkInterface;
import plemu.model.VpcEndpoint;

/**
 * One interface endpoint's network interface in this zone (addressed by its id): it listens on
 * every port of the NLB it is pinned to; its security groups judge each client (a denied client is
 * reset, logged and counted, see {@link FlowRefusals}); an admitted flow goes to the NLB node of the
 * zone in-process, with the endpoint's id for the Proxy Protocol v2 header. It tells the region's
 * DNS whether it listens ({@code listening-<zone>}).
 */
final class EndpointInterface extends ListeningEntity {
  private final String vpcEndpointId;
  private final Set<Binding> up = new HashSet<>();

  static Behavior<DataPlaneEntity.Command> create(String networkInterfaceId, String vpcEndpointId,
      ZoneGuardian.Context zone, AtomicReference<String> lastFailure) {
    return Behaviors.setup(ctx -> new EndpointInterface(ctx, networkInterfaceId, vpcEndpointId, zone, lastFailure));
  }

  private EndpointInterface(ActorContext<DataPlaneEntity.Command> ctx, String networkInterfaceId, String vpcEndpointId,
      ZoneGuardian.Context zone, AtomicReference<String> lastFailure) {
    super(ctx, "endpoint-interface", networkInterfaceId, networkInterfaceId, zone, lastFailure);
    this.vpcEndpointId = vpcEndpointId;
  }

  @Override
  protected void handle(TcpTransport.Incoming connection, Binding binding) {
    Desired desired = zone.state().get();
    VpcEndpoint endpoint = desired.vpcEndpoints().get(vpcEndpointId);
    NetworkInterface eni = desired.networkInterfaces().get(networkInterfaceId);
    InetSocketAddress remote = connection.remoteAddress();
    FlowRefusals refusals = zone.refusals();
    if (endpoint == null || eni == null || !endpoint.available()) {
      refusals.refused(networkInterfaceId, FlowRefusals.Reason.EndpointNotAvailable,
          "endpoint {} interface {}: {}:{} to port {}: the endpoint is {}", vpcEndpointId, networkInterfaceId,
          remote.getAddress().getHostAddress(), remote.getPort(), binding.port(), endpoint == null ? "gone" : endpoint.state());
      connection.handleWith(NlbProxy.reset("endpoint " + vpcEndpointId + " is not available"), zone.flowSystem());
      return;
    }
    SecurityGroupCheck.Client client = SecurityGroupCheck.identify(desired, remote);
    if (!SecurityGroupCheck.allowsTcp(desired, endpoint.securityGroupIds(), client, binding.port())) {
      refusals.refused(networkInterfaceId, FlowRefusals.Reason.SecurityGroupDenied,
          "endpoint {} interface {} ({}:{}): denied tcp from {}:{}{}: no ingress rule of {} admits it",
          vpcEndpointId, networkInterfaceId, eni.privateIpAddress(), binding.port(), client.address(), remote.getPort(),
          client.groupIds().isEmpty() ? "" : " (groups " + client.groupIds() + ")", endpoint.securityGroupIds());
      connection.handleWith(NlbProxy.reset("denied by security group"), zone.flowSystem());
      return;
    }
    Optional<NlbProxy> nlbNode = endpoint.attachment(zone.zoneId())
        .flatMap(a -> zone.flows().nlbNode(a.loadBalancerArn()));
    if (nlbNode.isEmpty()) {
      refusals.refused(networkInterfaceId, FlowRefusals.Reason.NoTarget,
          "endpoint {} interface {}: {}:{} to port {}: the NLB node of the zone does not serve", vpcEndpointId,
          networkInterfaceId, remote.getAddress().getHostAddress(), remote.getPort(), binding.port());
      connection.handleWith(NlbProxy.reset("the NLB node of the zone does not serve"), zone.flowSystem());
      return;
    }
    // The header shows the client as the endpoint sees it and the endpoint's own private address.
    InetSocketAddress source = new InetSocketAddress(client.address(), remote.getPort());
    InetSocketAddress destination = new InetSocketAddress(eni.privateIpAddress(), binding.port());
    nlbNode.get().handle(connection, binding.listenerArn(), networkInterfaceId,
        Optional.of(new NlbProxy.Origin(vpcEndpointId, source, destination)));
  }

  @Override
  protected int resetFlows(String why) {
    return zone.flows().resetEndpointFlows(vpcEndpointId);
  }

  /** The interface listens (for DNS) while at least one of its listeners is bound. */
  @Override
  protected void listening(Binding b, boolean isUp) {
    boolean before = !up.isEmpty();
    if (isUp) up.add(b);
    else up.remove(b);
    boolean after = !up.isEmpty();
    if (before == after) return;
    var ddata = DistributedData.get(getContext().getSystem());
    var self = ddata.selfUniqueAddress();
    String host = b.host();
    ddata.replicator().tell(new Replicator.Update<LWWMap<String, String>>(ZoneGuardian.listeningKey(zone.zoneId()),
        LWWMap.create(), Replicator.writeLocal(), getContext().getSystem().ignoreRef(),
        map -> after ? map.put(self, networkInterfaceId, host) : map.remove(self, networkInterfaceId)));
  }
}
