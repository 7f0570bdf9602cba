package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.CB;
import static plemu.controlplane.Fixtures.createSubnet;
import static plemu.controlplane.Fixtures.createVpc;
import static plemu.controlplane.Fixtures.ok;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import plemu.model.EndpointService;
import plemu.model.LoadBalancer;
import plemu.model.VpcEndpoint;

/** The lifecycle steps plemu writes itself: provisioning (available or failed) and the end of a deletion. */
class EndpointLifecycleStepsTest {
  IdSource ids;
  Desired.Builder b;
  LoadBalancer lb;
  VpcEndpoint endpoint;

  @BeforeEach
  void world() {
    ids = Fixtures.ids();
    b = Fixtures.baseBuilder();
    var vpc = createVpc(b, ids, CA, "10.0.0.0/16");
    var subnet = createSubnet(b, ids, CA, vpc.vpcId(), "10.0.1.0/24", "use1-az1");
    lb = ok(b, ids, new LoadBalancerActions.CreateLoadBalancer(CA, "svc", "network", "internal",
        List.of(new LoadBalancerActions.SubnetMapping(subnet.subnetId(), null)), List.of(), List.of()));
    EndpointService svc = ok(b, ids, new EndpointServiceActions.CreateVpcEndpointServiceConfiguration(CA,
        List.of(lb.loadBalancerArn()), false, null, List.of()));
    ok(b, ids, new ServicePermissionActions.ModifyVpcEndpointServicePermissions(CA, svc.serviceId(), List.of("*"), List.of()));
    var cvpc = createVpc(b, ids, CB, "10.0.0.0/16");
    var csub = createSubnet(b, ids, CB, cvpc.vpcId(), "10.0.1.0/24", "use1-az1");
    endpoint = ok(b, ids, new VpcEndpointActions.CreateVpcEndpoint(CB, "Interface", cvpc.vpcId(), svc.serviceName(),
        List.of(csub.subnetId()), List.of(), false, List.of()));
  }

  private String state() {
    VpcEndpoint e = b.build().vpcEndpoints().get(endpoint.vpcEndpointId());
    return e == null ? "gone" : e.state();
  }

  @Test
  void aPendingEndpointIsProvisionedOnce() {
    assertEquals("pending", state());
    ok(b, ids, new EndpointConnectionActions.ProvisionVpcEndpoints(List.of(endpoint.vpcEndpointId())));
    assertEquals("available", state());
    List<String> again = ok(b, ids, new EndpointConnectionActions.ProvisionVpcEndpoints(List.of(endpoint.vpcEndpointId())));
    assertTrue(again.isEmpty(), "only pending endpoints move");
  }

  @Test
  void anEndpointWhoseNlbIsGoneFails() {
    b.remove(Table.LOAD_BALANCERS, lb.loadBalancerArn());
    ok(b, ids, new EndpointConnectionActions.ProvisionVpcEndpoints(List.of(endpoint.vpcEndpointId())));
    assertEquals("failed", state());
  }

  @Test
  void deletingThenGoneWithItsInterfaces() {
    String eni = endpoint.attachments().get(0).networkInterfaceId();
    ok(b, ids, new VpcEndpointActions.DeleteVpcEndpoints(CB, List.of(endpoint.vpcEndpointId())));
    assertEquals("deleting", state());
    assertTrue(b.build().networkInterfaces().containsKey(eni), "its interface stays while deleting");
    ok(b, ids, new EndpointConnectionActions.FinishDeletingVpcEndpoints(List.of(endpoint.vpcEndpointId())));
    assertEquals("gone", state());
    assertFalse(b.build().networkInterfaces().containsKey(eni));
  }
}
