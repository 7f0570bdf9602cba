package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import plemu.controlplane.Desired;
import plemu.model.HealthCheck;
import plemu.model.LoadBalancer;
import plemu.model.Target;
import plemu.model.TargetGroup;

/** Which targets an NLB node sends new flows to: zone rule, health, fail-open, draining. */
class TargetSelectionTest {
  static final Target A1 = new Target("10.0.1.10", 80, null, "use1-az1");
  static final Target A2 = new Target("10.0.1.11", 80, null, "use1-az1");
  static final Target B1 = new Target("10.0.2.10", 80, null, "use1-az2");
  static final Target ONPREM = new Target("127.0.0.1", 9000, "all", null);

  static LoadBalancer lb(boolean crossZone) {
    return new LoadBalancer("arn:lb", "nlb", "111111111111", "us-east-1", "vpc-1", "internal",
        List.of(new LoadBalancer.Node("use1-az1", "s1", "e1"), new LoadBalancer.Node("use1-az2", "s2", "e2")),
        List.of(), Map.of("load_balancing.cross_zone.enabled", String.valueOf(crossZone)), 0, List.of());
  }

  static TargetGroup tg(List<Target> targets) {
    return new TargetGroup("arn:tg", "tg", "111111111111", "us-east-1", "vpc-1", "TCP", 80, "ip", HealthCheck.tcpDefaults(),
        TargetGroup.DEFAULT_ATTRIBUTES, targets, List.of());
  }

  /** Health as given: targets not named are unhealthy. */
  static TargetSelection.HealthView healthy(Target... up) {
    List<Target> healthy = List.of(up);
    return (lb, tg, t) -> Optional.of(new TargetHealthState(healthy.contains(t) ? "healthy" : "unhealthy", null, null, 0, 0));
  }

  @Test
  void crossZoneOffUsesTheNodesZoneAndTargetsOutsideTheVpc() {
    var tg = tg(List.of(A1, B1, ONPREM));
    assertEquals(List.of(A1, ONPREM), TargetSelection.routable(Desired.empty(), lb(false), tg, "use1-az1", healthy(A1, B1, ONPREM)));
    assertEquals(List.of(B1, ONPREM), TargetSelection.routable(Desired.empty(), lb(false), tg, "use1-az2", healthy(A1, B1, ONPREM)));
    assertEquals(List.of(A1, B1, ONPREM), TargetSelection.routable(Desired.empty(), lb(true), tg, "use1-az1", healthy(A1, B1, ONPREM)));
  }

  @Test
  void onlyHealthyTargetsTakeNewFlows() {
    var tg = tg(List.of(A1, A2, B1));
    assertEquals(List.of(A2), TargetSelection.routable(Desired.empty(), lb(false), tg, "use1-az1", healthy(A2, B1)));
  }

  @Test
  void aZoneWithoutHealthyTargetsFailsOpenWithinTheZoneWhenCrossZoneIsOff() {
    var tg = tg(List.of(A1, A2, B1));
    // use1-az1's targets are all unhealthy, use1-az2's is healthy
    assertEquals(List.of(A1, A2), TargetSelection.routable(Desired.empty(), lb(false), tg, "use1-az1", healthy(B1)));
    // with cross-zone on, the healthy target of the other zone takes the flows
    assertEquals(List.of(B1), TargetSelection.routable(Desired.empty(), lb(true), tg, "use1-az1", healthy(B1)));
  }

  @Test
  void noHealthyTargetAnywhereFailsOpenToAll() {
    var tg = tg(List.of(A1, B1));
    assertEquals(List.of(A1, B1), TargetSelection.routable(Desired.empty(), lb(true), tg, "use1-az2", healthy()));
  }

  @Test
  void drainingTargetsTakeNoNewFlowsEvenWhenFailingOpen() {
    var tg = tg(List.of(A1.drainingFrom(1), A2));
    assertEquals(List.of(A2), TargetSelection.routable(Desired.empty(), lb(false), tg, "use1-az1", healthy(A1)));
  }

  @Test
  void anEmptyZoneHasNoTargets() {
    var tg = tg(List.of(B1));
    assertEquals(List.of(), TargetSelection.routable(Desired.empty(), lb(false), tg, "use1-az1", healthy(B1)));
  }
}
