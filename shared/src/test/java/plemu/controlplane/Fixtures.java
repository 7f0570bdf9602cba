package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import plemu.model.SecurityGroup;
import plemu.model.Subnet;
import plemu.model.Tag;
import plemu.model.Vpc;
import plemu.scenario.Scenario;

/**
 * Shared test fixture: region us-east-1 (use1-az1..3) and two accounts, A = 111111111111 and
 * B = 222222222222, set up through {@link ApplyScenario}; plus helpers that apply mutations and
 * check refusals the way the region's writer sees them.
 */
final class Fixtures {
  private Fixtures() {}

  static final String REGION = "us-east-1";
  static final List<String> ZONE_IDS = List.of("use1-az1", "use1-az2", "use1-az3");
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final String TOKEN_A = "token-a";
  static final String TOKEN_B = "token-b";
  static final String OPERATOR_TOKEN = "token-operator";
  static final Caller CA = new Caller(A, REGION);
  static final Caller CB = new Caller(B, REGION);

  /** Reproducible ids; use one per test so rule ids never repeat. */
  static IdSource ids() {
    return new IdSource(new Random(42));
  }

  static Scenario.RegionSpec usEast1() {
    return new Scenario.RegionSpec(REGION, null,
        ZONE_IDS.stream().map(id -> new Scenario.ZoneSpec(id, null, null)).toList());
  }

  static Scenario.AccountSpec account(String id, String name, String token) {
    return new Scenario.AccountSpec(id, name, token, null);
  }

  /** The fixture world: the region, both accounts with tokens, the operator token, no VPCs. */
  static Scenario world() {
    return new Scenario("fixture", OPERATOR_TOKEN,
        List.of(account(A, "provider", TOKEN_A), account(B, "consumer", TOKEN_B)), List.of(usEast1()), List.of());
  }

  /** A scenario with the fixture's accounts and region, plus VPCs. */
  static Scenario worldWith(List<Scenario.VpcSpec> vpcs) {
    Scenario w = world();
    return new Scenario("fixture", w.operatorToken(), w.accounts(), w.regions(), vpcs);
  }

  static Desired base() {
    Desired.Builder b = Desired.empty().toBuilder();
    new ApplyScenario(world()).apply(b, ids());
    return b.build();
  }

  static Desired.Builder baseBuilder() {
    return base().toBuilder();
  }

  /** Applies a mutation that must be accepted and returns its result. */
  @SuppressWarnings("unchecked")
  static <T> T ok(Desired.Builder b, IdSource ids, Mutation m) {
    return (T) m.apply(b, ids);
  }

  /**
   * Applies a mutation that must be refused, checks the working copy was left exactly as it was
   * (so nothing would have been replicated), and returns the error.
   */
  static AwsError refused(Desired.Builder b, IdSource ids, Mutation m) {
    Desired before = b.build();
    AwsException e = assertThrows(AwsException.class, () -> m.apply(b, ids), "expected a refusal of " + m);
    Desired after = b.build();
    assertEquals(List.of(), after.changes(before), "a refused mutation must not change the state");
    assertEquals(before, after);
    return e.error();
  }

  /** Asserts the refusal's code and its status: 400 as EC2 and ELB answer, or SNS's and Route 53's own. */
  static AwsError refused(String code, Desired.Builder b, IdSource ids, Mutation m) {
    AwsError error = refused(b, ids, m);
    assertEquals(code, error.code(), () -> "unexpected error " + error);
    assertEquals(NOT_400.getOrDefault(code, 400), error.httpStatus(), () -> "unexpected status of " + error);
    return error;
  }

  /** Errors of SNS and Route 53 whose HTTP status is not 400. */
  static final java.util.Map<String, Integer> NOT_400 = java.util.Map.of("NotFound", 404, "NoSuchHostedZone", 404,
      "HostedZoneAlreadyExists", 409);

  /** The outcome of one write as the region's writer would commit it. */
  record Outcome(Desired state, Object result, AwsError error) {
    boolean accepted() {
      return error == null;
    }
  }

  /**
   * Runs one write like {@code ControlPlaneWriter}: on a fresh working copy of {@code before};
   * the working copy is committed only when the mutation is accepted.
   */
  static Outcome write(Desired before, IdSource ids, Mutation m) {
    Desired.Builder working = before.toBuilder();
    try {
      Object result = m.apply(working, ids);
      return new Outcome(working.build(), result, null);
    } catch (AwsException e) {
      return new Outcome(before, null, e.error());
    }
  }

  static void assertMessageContains(AwsError error, String... parts) {
    for (String part : parts)
      assertTrue(error.message().contains(part), () -> "message '" + error.message() + "' lacks '" + part + "'");
  }

  static List<Tag> name(String name) {
    return List.of(new Tag("Name", name));
  }

  static Vpc createVpc(Desired.Builder b, IdSource ids, Caller c, String cidr) {
    return ok(b, ids, new VpcActions.CreateVpc(c, cidr, List.of()));
  }

  static Subnet createSubnet(Desired.Builder b, IdSource ids, Caller c, String vpcId, String cidr, String zoneId) {
    return ok(b, ids, new SubnetActions.CreateSubnet(c, vpcId, cidr, null, zoneId, List.of()));
  }

  static SecurityGroup createGroup(Desired.Builder b, IdSource ids, Caller c, String vpcId, String name) {
    return ok(b, ids, new SecurityGroupActions.CreateSecurityGroup(c, vpcId, name, name + " group", List.of()));
  }

  static SecurityGroup defaultGroup(Desired.Builder b, String vpcId) {
    List<SecurityGroup> found = b.rows(Table.SECURITY_GROUPS).values().stream()
        .filter(g -> g.vpcId().equals(vpcId) && g.groupName().equals("default")).toList();
    assertEquals(1, found.size(), "default groups of " + vpcId);
    return found.get(0);
  }

  static List<SecurityGroup> groupsOf(Desired d, String vpcId) {
    return d.securityGroups().values().stream().filter(g -> g.vpcId().equals(vpcId)).toList();
  }

  static Map<String, String> zoneNamesOf(Desired d, String accountId) {
    Map<String, String> out = new java.util.TreeMap<>();
    d.account(accountId).orElseThrow().zoneNames().stream()
        .filter(z -> z.region().equals(REGION))
        .forEach(z -> out.put(z.zoneName(), z.zoneId()));
    return out;
  }

  /** A well-formed id that no fixture state uses. */
  static final String UNKNOWN_VPC = "vpc-0123456789abcdef0";
  static final String UNKNOWN_SUBNET = "subnet-0123456789abcdef0";
  static final String UNKNOWN_GROUP = "sg-0123456789abcdef0";
}
