package plemu.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;
import plemu.model.EndpointService;
import plemu.model.VpcEndpoint;

class LifecycleEventsTest {
  static final EndpointService SVC = new EndpointService("vpce-svc-0123456789abcdef0", "111111111111", "us-east-1",
      List.of("arn:lb"), true, List.of("use1-az1"), null, null, List.of(), 1L, List.of());
  static final VpcEndpoint E = new VpcEndpoint("vpce-0123456789abcdef0", "222222222222", "us-east-1", "vpc-1",
      SVC.serviceId(), SVC.serviceName(), "pendingAcceptance", List.of(), List.of(), false, null, "abcd1234", 2L, List.of());

  static Desired with(VpcEndpoint... endpoints) {
    Desired.Builder b = Desired.empty().toBuilder();
    b.put(Table.ENDPOINT_SERVICES, SVC.serviceId(), SVC);
    for (VpcEndpoint e : endpoints) b.put(Table.VPC_ENDPOINTS, e.vpcEndpointId(), e);
    return b.build();
  }

  static List<String> connectionEvents(Desired before, Desired after) {
    return LifecycleEvents.between(before, after).stream().filter(e -> e.type().equals("VpcEndpointConnection"))
        .map(e -> e.detail().get("ConnectionEvent")).toList();
  }

  @Test
  void connectAcceptRejectDeleteAsNotificationsNameThem() {
    Desired none = with();
    Desired requested = with(E);
    Desired accepted = with(E.withState("pending"));
    Desired available = with(E.withState("available"));
    Desired rejected = with(E.withState("rejected"));
    assertEquals(List.of("Connect"), connectionEvents(none, requested));
    assertEquals(List.of("Accept"), connectionEvents(requested, accepted));
    assertEquals(List.of(), connectionEvents(accepted, available), "provisioning is a state change, not a connection event");
    assertEquals(List.of("Reject"), connectionEvents(available, rejected));
    assertEquals(List.of("Delete"), connectionEvents(rejected, with(E.withState("deleting"))));
    assertEquals(List.of(), connectionEvents(with(E.withState("deleting")), none), "gone after deleting: no second Delete");
    assertEquals(List.of("Delete"), connectionEvents(rejected, none));
    assertEquals(List.of(), LifecycleEvents.between(available, available));
  }

  @Test
  void anEndpointToOnesOwnServiceHasOneAudience() {
    VpcEndpoint own = new VpcEndpoint("vpce-0123456789abcdef1", SVC.ownerId(), "us-east-1", "vpc-2", SVC.serviceId(),
        SVC.serviceName(), "pending", List.of(), List.of(), false, null, "abcd1234", 3L, List.of());
    var events = LifecycleEvents.between(with(), with(own));
    assertEquals(Set.of(SVC.ownerId()), events.get(0).accounts());
  }

  @Test
  void stateChangesNameBothStatesAndBothOwnersSeeThem() {
    var events = LifecycleEvents.between(with(E.withState("pending")), with(E.withState("available")));
    assertEquals(1, events.size());
    var e = events.get(0);
    assertEquals("VpcEndpointState", e.type());
    assertEquals("pending", e.detail().get("From"));
    assertEquals("available", e.detail().get("State"));
    assertEquals(Set.of("111111111111", "222222222222"), e.accounts());
    var gone = LifecycleEvents.between(with(E.withState("available")), with()).stream()
        .filter(x -> x.type().equals("VpcEndpointState")).findFirst().orElseThrow();
    assertEquals("deleted", gone.detail().get("State"));
  }
}
