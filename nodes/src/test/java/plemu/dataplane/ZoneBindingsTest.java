package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;
import plemu.model.Instance;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.VpcEndpoint;

/**
 * The listeners a zone serves, worked out from a write's changes only, are always those worked out
 * from the whole snapshot; and the changes name what to bind and drop.
 */
class ZoneBindingsTest {
  static final String ZONE = "use1-az1";
  static final String OWNER = "111111111111";
  static final String LB = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/a/1";

  static NetworkInterface eni(String id, String host, String attachedTo) {
    return new NetworkInterface(id, OWNER, "us-east-1", "vpc-1", "subnet-1", ZONE, 167772420, host, "interface", "",
        false, List.of(), attachedTo);
  }

  static Listener listener(String arn, int port) {
    return new Listener(arn, LB, OWNER, "us-east-1", "TCP", port, "arn:tg", Map.of());
  }

  static VpcEndpoint endpoint(String id, String state, String eniId) {
    return new VpcEndpoint(id, "222222222222", "us-east-1", "vpc-2", "vpce-svc-1", "svc", state, List.of(),
        List.of(new VpcEndpoint.Attachment(ZONE, "subnet-2", eniId, LB)), false, null, "abcdefgh", 1L, List.of());
  }

  private Desired state = Desired.empty();
  private final ZoneBindings incremental = new ZoneBindings(ZONE);

  /** One write: the incremental update must give what a rebuild from the whole snapshot gives. */
  private ZoneBindings.Delta write(Consumer<Desired.Builder> change) {
    Desired before = state;
    Desired.Builder b = state.toBuilder();
    change.accept(b);
    List<Desired.Change> changes = b.changes();
    state = b.build();
    ZoneBindings.Delta delta = incremental.update(before, state, changes);
    ZoneBindings whole = new ZoneBindings(ZONE);
    whole.rebuild(state);
    assertEquals(whole.wanted(), incremental.wanted(), "after " + changes);
    return delta;
  }

  @Test
  void incrementalUpdatesMatchARebuildAfterEveryWrite() {
    incremental.rebuild(state);
    write(b -> {
      b.put(Table.NETWORK_INTERFACES, "eni-lb", eni("eni-lb", "127.1.0.1", LB));
      b.put(Table.LOAD_BALANCERS, LB, new LoadBalancer(LB, "a", OWNER, "us-east-1", "vpc-1", "internal",
          List.of(new LoadBalancer.Node(ZONE, "subnet-1", "eni-lb")), List.of(), Map.of(), 1L, List.of()));
    });
    assertEquals(1, write(b -> b.put(Table.LISTENERS, "arn:l1", listener("arn:l1", 80))).added().size());
    write(b -> {
      b.put(Table.NETWORK_INTERFACES, "eni-e1", eni("eni-e1", "127.1.0.2", "vpce-1"));
      b.put(Table.VPC_ENDPOINTS, "vpce-1", endpoint("vpce-1", "pending", "eni-e1"));
    });
    // available: the endpoint's interface listens on every port of the NLB it is pinned to
    assertEquals(1, write(b -> b.put(Table.VPC_ENDPOINTS, "vpce-1", endpoint("vpce-1", "available", "eni-e1")))
        .added().size());
    // a second listener of the NLB: its node and the pinned endpoint listen on it too
    assertEquals(2, write(b -> b.put(Table.LISTENERS, "arn:l2", listener("arn:l2", 443))).added().size());
    write(b -> {
      b.put(Table.NETWORK_INTERFACES, "eni-i1", eni("eni-i1", "127.1.0.3", "i-1"));
      b.put(Table.INSTANCES, "i-1", new Instance("i-1", OWNER, "us-east-1", "vpc-1", "subnet-1", ZONE, "plemu-echo",
          "t3.micro", "eni-i1", 7, null, "running", 1L, List.of()));
    });
    assertEquals(2, write(b -> b.remove(Table.LISTENERS, "arn:l1")).removed().size());
    write(b -> b.put(Table.VPC_ENDPOINTS, "vpce-1", endpoint("vpce-1", "deleting", "eni-e1")));
    write(b -> b.put(Table.INSTANCES, "i-1", state.instances().get("i-1").terminated()));
    assertEquals(1, write(b -> b.remove(Table.LOAD_BALANCERS, LB)).removed().size());
    assertEquals(0, incremental.wanted().size());
  }
}
