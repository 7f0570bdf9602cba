package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.A;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.CB;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lookups every read and write uses: for each kind, the caller's own resource is found; another
 * account's is answered exactly as a missing one; a malformed id gets the kind's AWS code; another
 * region's is not the caller's; listing costs what the account has (no table is scanned).
 */
class OwnedTest {
  static final OwnedWorld W = new OwnedWorld();
  static final Caller A_ELSEWHERE = new Caller(A, "eu-west-1");
  static final String ELB = "arn:aws:elasticloadbalancing:us-east-1:" + A + ":";

  /** One kind: its resource in the world, ids to probe with, and the answers AWS gives. */
  record Case<T>(Owned<T> kind, String id, T row, String malformed, String malformedCode, String missing,
      String notFoundCode, int status, String elsewhereCode) {
    @Override
    public String toString() {
      return kind.table().name();
    }
  }

  static Stream<Case<?>> kinds() {
    return Stream.of(
        new Case<>(Owned.VPC, W.vpc.vpcId(), W.vpc, "vpc-nope", "InvalidVpcID.Malformed", "vpc-0123456789abcdef0",
            "InvalidVpcID.NotFound", 400, "InvalidVpcID.NotFound"),
        new Case<>(Owned.SUBNET, W.subnet.subnetId(), W.subnet, "subnet-1x", "InvalidSubnetID.Malformed",
            "subnet-0123456789abcdef0", "InvalidSubnetID.NotFound", 400, "InvalidSubnetID.NotFound"),
        new Case<>(Owned.SECURITY_GROUP, W.group.groupId(), W.group, "web", "InvalidGroupId.Malformed",
            "sg-0123456789abcdef0", "InvalidGroup.NotFound", 400, "InvalidGroup.NotFound"),
        new Case<>(Owned.NETWORK_INTERFACE, W.instance.networkInterfaceId(),
            W.state.networkInterfaces().get(W.instance.networkInterfaceId()), "eni-", "InvalidNetworkInterfaceID.Malformed",
            "eni-0123456789abcdef0", "InvalidNetworkInterfaceID.NotFound", 400, "InvalidNetworkInterfaceID.NotFound"),
        new Case<>(Owned.INSTANCE, W.instance.instanceId(), W.instance, "web-1", "InvalidInstanceID.Malformed",
            "i-0123456789abcdef0", "InvalidInstanceID.NotFound", 400, "InvalidInstanceID.NotFound"),
        new Case<>(Owned.ENDPOINT_SERVICE, W.service.serviceId(), W.service, "svc-1", "InvalidVpcEndpointServiceId.Malformed",
            "vpce-svc-0123456789abcdef0", "InvalidVpcEndpointServiceId.NotFound", 400, "InvalidVpcEndpointServiceId.NotFound"),
        new Case<>(Owned.VPC_ENDPOINT, W.endpoint.vpcEndpointId(), W.endpoint, "vpce-svc-0123456789abcdef0",
            "InvalidVpcEndpointId.Malformed", "vpce-0123456789abcdef0", "InvalidVpcEndpointId.NotFound", 400,
            "InvalidVpcEndpointId.NotFound"),
        new Case<>(Owned.CONNECTION_NOTIFICATION, W.notification.connectionNotificationId(), W.notification, "nfn-1",
            "InvalidConnectionNotification", "vpce-nfn-0123456789abcdef0", "InvalidConnectionNotification", 400,
            "InvalidConnectionNotification"),
        new Case<>(Owned.LOAD_BALANCER, W.loadBalancer.loadBalancerArn(), W.loadBalancer, "web", "ValidationError",
            ELB + "loadbalancer/net/gone/0123456789abcdef", "LoadBalancerNotFound", 400, "ValidationError"),
        new Case<>(Owned.TARGET_GROUP, W.targetGroup.targetGroupArn(), W.targetGroup, ELB + "targetgroup/web-tg",
            "ValidationError", ELB + "targetgroup/gone/0123456789abcdef", "TargetGroupNotFound", 400, "ValidationError"),
        new Case<>(Owned.LISTENER, W.listener.listenerArn(), W.listener, W.loadBalancer.loadBalancerArn(),
            "ValidationError", ELB + "listener/net/gone/0123456789abcdef/0123456789abcdef", "ListenerNotFound", 400,
            "ValidationError"),
        new Case<>(Owned.TOPIC, W.topic.topicArn(), W.topic, "events", "InvalidParameter",
            "arn:aws:sns:us-east-1:" + A + ":gone", "NotFound", 404, "InvalidParameter"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  <T> void theCallersOwnIsFoundAndAnotherAccountsIsAnsweredAsAMissingOne(Case<T> c) {
    assertEquals(c.row(), c.kind().get(W.state, CA, c.id()));
    assertEquals(c.row(), c.kind().find(W.state, CA, c.id()).orElseThrow());
    AwsError foreign = refused(() -> c.kind().get(W.state, CB, c.id()));
    AwsError missing = refused(() -> c.kind().get(W.state, CA, c.missing()));
    assertEquals(c.notFoundCode(), missing.code());
    assertEquals(c.status(), missing.httpStatus());
    assertEquals(missing.code(), foreign.code());
    assertEquals(missing.httpStatus(), foreign.httpStatus());
    assertTrue(c.kind().find(W.state, CB, c.id()).isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  <T> void aMalformedIdGetsTheKindsCode(Case<T> c) {
    AwsError malformed = refused(() -> c.kind().get(W.state, CA, c.malformed()));
    assertEquals(c.malformedCode(), malformed.code());
    assertEquals(400, malformed.httpStatus());
    assertFalse(malformed.message().isEmpty());
    assertEquals("MissingParameter", refused(() -> c.kind().get(W.state, CA, null)).code());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  <T> void anotherRegionsResourceIsNotTheCallers(Case<T> c) {
    assertEquals(c.elsewhereCode(), refused(() -> c.kind().get(W.state, A_ELSEWHERE, c.id())).code());
    assertFalse(c.kind().all(W.state, A_ELSEWHERE).contains(c.row()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  <T> void listingAndChoosingSeeOnlyTheCallersOwn(Case<T> c) {
    List<T> mine = c.kind().all(W.state, CA);
    assertTrue(mine.contains(c.row()));
    mine.forEach(row -> assertEquals(A, c.kind().table().ownerOf(row)));
    assertEquals(List.of(), c.kind().all(W.state, CB));
    assertEquals(List.of(c.row()), c.kind().chosen(W.state, CA, List.of(c.id(), c.id())));
    assertEquals(c.kind().all(W.state, CA), c.kind().chosen(W.state, CA, List.of()));
    assertEquals(c.notFoundCode(), refused(() -> c.kind().chosen(W.state, CA, List.of(c.id(), c.missing()))).code());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  <T> void lookupsAndListsReadRowsByIdNeverAWholeTable(Case<T> c) {
    StateView noScans = new NoScans(W.state);
    assertEquals(c.row(), c.kind().get(noScans, CA, c.id()));
    assertEquals(c.kind().all(W.state, CA), c.kind().all(noScans, CA));
    assertEquals(List.of(c.row()), c.kind().chosen(noScans, CA, List.of(c.id())));
  }

  @Test
  void batchesReportMissingEndpointsAndServicesWithTheirOwnCode() {
    assertEquals("InvalidVpcEndpoint.NotFound",
        refused(() -> Owned.VPC_ENDPOINT.getInBatch(W.state, CB, W.endpoint.vpcEndpointId())).code());
    assertEquals("InvalidVpcEndpointService.NotFound",
        refused(() -> Owned.ENDPOINT_SERVICE.getInBatch(W.state, CB, W.service.serviceId())).code());
    assertEquals("InvalidVpcEndpointId.Malformed", refused(() -> Owned.VPC_ENDPOINT.getInBatch(W.state, CA, "x")).code());
    assertEquals(W.endpoint, Owned.VPC_ENDPOINT.getInBatch(W.state, CA, W.endpoint.vpcEndpointId()));
  }

  @Test
  void hostedZonesAreGlobalAndTakeEitherFormOfTheirId() {
    String id = W.zone.hostedZoneId();
    assertEquals(W.zone, Owned.HOSTED_ZONE.get(W.state, CA, id));
    assertEquals(W.zone, Owned.HOSTED_ZONE.get(W.state, CA, "/hostedzone/" + id));
    assertEquals(W.zone, Owned.HOSTED_ZONE.get(W.state, A_ELSEWHERE, id));
    AwsError foreign = refused(() -> Owned.HOSTED_ZONE.get(W.state, CB, id));
    AwsError missing = refused(() -> Owned.HOSTED_ZONE.get(W.state, CA, "Z0000000000000000000A"));
    assertEquals(List.of("NoSuchHostedZone", 404), List.of(foreign.code(), foreign.httpStatus()));
    assertEquals(List.of("NoSuchHostedZone", 404), List.of(missing.code(), missing.httpStatus()));
    assertEquals("InvalidInput", refused(() -> Owned.HOSTED_ZONE.get(W.state, CA, "")).code());
    assertEquals(List.of(W.zone), Owned.HOSTED_ZONE.all(new NoScans(W.state), A_ELSEWHERE));
  }

  @Test
  void subscriptionsAreFoundThroughTheirTopic() {
    String arn = W.subscription.subscriptionArn();
    Owned.TopicSubscription found = Owned.subscription(new NoScans(W.state), CA, arn);
    assertEquals(List.of(W.topic, W.subscription), List.of(found.topic(), found.subscription()));
    AwsError foreign = refused(() -> Owned.subscription(W.state, CB, arn));
    AwsError missing = refused(() -> Owned.subscription(W.state, CA, W.topic.topicArn() + ":"
        + "00000000-0000-0000-0000-000000000000"));
    assertEquals(List.of("NotFound", 404), List.of(foreign.code(), foreign.httpStatus()));
    assertEquals(List.of("NotFound", 404), List.of(missing.code(), missing.httpStatus()));
    AwsError malformed = refused(() -> Owned.subscription(W.state, CA, "sub-1"));
    assertEquals("InvalidParameter", malformed.code());
    Fixtures.assertMessageContains(malformed, "SubscriptionArn", "at least 6 elements, not 1");
    assertEquals("InvalidParameter", refused(() -> Owned.subscription(W.state, CA, W.topic.topicArn())).code());
    assertEquals("InvalidParameter", refused(() -> Owned.subscription(W.state, A_ELSEWHERE, arn)).code());
  }

  private static AwsError refused(Runnable lookup) {
    return assertThrows(AwsException.class, lookup::run).error();
  }

  /** The state, with tables that answer reads by id and refuse to be iterated. */
  private record NoScans(Desired state) implements StateView {
    @Override
    public <T> Map<String, T> rows(Table<T> table) {
      Map<String, T> rows = state.rows(table);
      return new AbstractMap<>() {
        @Override
        public T get(Object id) {
          return rows.get(id);
        }

        @Override
        public boolean containsKey(Object id) {
          return rows.containsKey(id);
        }

        @Override
        public Set<Entry<String, T>> entrySet() {
          throw new AssertionError("a scan of the whole table " + table);
        }
      };
    }

    @Override
    public Set<String> idsWhere(Table.Index<?> index, String key) {
      return state.idsWhere(index, key);
    }
  }
}
