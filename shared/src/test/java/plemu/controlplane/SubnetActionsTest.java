package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.A;
import static plemu.controlplane.Fixtures.B;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.CB;
import static plemu.controlplane.Fixtures.REGION;
import static plemu.controlplane.Fixtures.UNKNOWN_SUBNET;
import static plemu.controlplane.Fixtures.UNKNOWN_VPC;
import static plemu.controlplane.Fixtures.ZONE_IDS;
import static plemu.controlplane.Fixtures.assertMessageContains;
import static plemu.controlplane.Fixtures.createSubnet;
import static plemu.controlplane.Fixtures.createVpc;
import static plemu.controlplane.Fixtures.ok;
import static plemu.controlplane.Fixtures.refused;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import plemu.model.AzMapping;
import plemu.model.Cidr;
import plemu.model.ResourceIds;
import plemu.model.Subnet;
import plemu.model.Tag;
import plemu.model.Vpc;

class SubnetActionsTest {

  private Desired.Builder b;
  private IdSource ids;
  private Vpc vpc;

  @BeforeEach
  void setUp() {
    b = Fixtures.baseBuilder();
    ids = Fixtures.ids();
    vpc = createVpc(b, ids, CA, "10.0.0.0/16");
  }

  private SubnetActions.CreateSubnet create(Caller c, String vpcId, String cidr, String az, String azId) {
    return new SubnetActions.CreateSubnet(c, vpcId, cidr, az, azId, List.of());
  }

  private SubnetActions.CreateSubnet create(String cidr) {
    return create(CA, vpc.vpcId(), cidr, null, "use1-az1");
  }

  // ---- CreateSubnet ----

  @Test
  void createSubnetReturnsTheStoredSubnet() {
    Desired before = b.build();
    List<Tag> tags = List.of(new Tag("Name", "app-a"));
    Subnet s = ok(b, ids, new SubnetActions.CreateSubnet(CA, vpc.vpcId(), "10.0.1.0/24", null, "use1-az2", tags));

    assertTrue(ResourceIds.isWellFormed("subnet", s.subnetId()), s.subnetId());
    assertEquals(A, s.ownerId());
    assertEquals(REGION, s.region());
    assertEquals(vpc.vpcId(), s.vpcId());
    assertEquals(Cidr.parse("10.0.1.0/24"), s.cidr());
    assertEquals("use1-az2", s.zoneId());
    assertEquals(tags, s.tags());
    assertEquals(List.of(new Desired.Change(Table.SUBNETS, s.subnetId(), s)), b.build().changes(before));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/16", "10.0.0.0/17", "10.0.255.240/28", "10.0.128.0/20"})
  void subnetsFromTheWholeVpcDownToA28AreAccepted(String cidr) {
    Subnet s = ok(b, ids, create(cidr));
    assertEquals(Cidr.parse(cidr), s.cidr());
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.0.0/24", "10.0.0.0/15", "192.168.0.0/24", "10.0.0.0/29", "10.0.0.0/32"})
  void subnetOutsideTheVpcOrOfTheWrongSizeIsInvalidRange(String cidr) {
    AwsError e = refused("InvalidSubnet.Range", b, ids, create(cidr));
    assertMessageContains(e, cidr);
  }

  @Test
  void subnetRangeIsCheckedAgainstASmallVpc() {
    Vpc small = createVpc(b, ids, CA, "172.16.0.0/24");
    ok(b, ids, create(CA, small.vpcId(), "172.16.0.0/25", null, "use1-az1"));
    refused("InvalidSubnet.Range", b, ids, create(CA, small.vpcId(), "172.16.1.0/25", null, "use1-az1"));
    refused("InvalidSubnet.Range", b, ids, create(CA, small.vpcId(), "172.16.0.0/23", null, "use1-az1"));
  }

  @Test
  void overlappingSubnetsOfOneVpcConflict() {
    Subnet first = ok(b, ids, create("10.0.1.0/24"));
    AwsError same = refused("InvalidSubnet.Conflict", b, ids, create("10.0.1.0/24"));
    assertMessageContains(same, "10.0.1.0/24", first.subnetId());
    refused("InvalidSubnet.Conflict", b, ids, create("10.0.1.128/25"));
    refused("InvalidSubnet.Conflict", b, ids, create("10.0.0.0/23"));
    refused("InvalidSubnet.Conflict", b, ids, create("10.0.0.0/16"));
  }

  @Test
  void adjacentSubnetsDoNotConflict() {
    ok(b, ids, create("10.0.1.0/24"));
    ok(b, ids, create("10.0.0.0/24"));
    ok(b, ids, create("10.0.2.0/23"));
    assertEquals(3, b.build().subnets().size());
  }

  @Test
  void theSameCidrInAnotherVpcDoesNotConflict() {
    Vpc other = createVpc(b, ids, CA, "10.0.0.0/16");
    Vpc theirs = createVpc(b, ids, CB, "10.0.0.0/16");
    Subnet s1 = ok(b, ids, create("10.0.1.0/24"));
    Subnet s2 = ok(b, ids, create(CA, other.vpcId(), "10.0.1.0/24", null, "use1-az1"));
    Subnet s3 = ok(b, ids, create(CB, theirs.vpcId(), "10.0.1.0/24", null, "use1-az1"));
    assertEquals(3, java.util.Set.of(s1.subnetId(), s2.subnetId(), s3.subnetId()).size());
  }

  @Test
  void aDeletedSubnetsRangeCanBeReused() {
    Subnet s = ok(b, ids, create("10.0.1.0/24"));
    ok(b, ids, new SubnetActions.DeleteSubnet(CA, s.subnetId()));
    ok(b, ids, create("10.0.1.0/24"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.1.0", "10.0.1.1/24", "ten/24", "10.0.1.0/x"})
  void malformedSubnetCidrIsInvalidParameterValue(String cidr) {
    AwsError e = refused("InvalidParameterValue", b, ids, create(cidr));
    assertMessageContains(e, cidr);
  }

  @Test
  void subnetCidrIsRequired() {
    refused("MissingParameter", b, ids, create(null));
    AwsError e = refused("MissingParameter", b, ids, create(""));
    assertMessageContains(e, "CidrBlock");
  }

  @Test
  void subnetNeedsAVpc() {
    refused("MissingParameter", b, ids, create(CA, null, "10.0.1.0/24", null, "use1-az1"));
    refused("InvalidVpcID.Malformed", b, ids, create(CA, "vpc-nope", "10.0.1.0/24", null, "use1-az1"));
    refused("InvalidVpcID.NotFound", b, ids, create(CA, UNKNOWN_VPC, "10.0.1.0/24", null, "use1-az1"));
  }

  // ---- Availability Zones ----

  @Test
  void everyAzIdOfTheRegionIsAccepted() {
    for (int i = 0; i < ZONE_IDS.size(); i++) {
      Subnet s = ok(b, ids, create(CA, vpc.vpcId(), "10.0." + i + ".0/24", null, ZONE_IDS.get(i)));
      assertEquals(ZONE_IDS.get(i), s.zoneId());
    }
  }

  @Test
  void unknownAzIdIsRefused() {
    AwsError e = refused("InvalidParameterValue", b, ids, create(CA, vpc.vpcId(), "10.0.1.0/24", null, "use1-az9"));
    assertMessageContains(e, "use1-az9", "use1-az1", "use1-az2", "use1-az3");
  }

  @Test
  void azNameIsResolvedWithTheCallersOwnMapping() {
    Desired d = b.build();
    Map<String, String> namesA = Fixtures.zoneNamesOf(d, A);
    Map<String, String> namesB = Fixtures.zoneNamesOf(d, B);
    SortedMap<String, String> derivedA = AzMapping.forAccount(A, REGION, ZONE_IDS);
    SortedMap<String, String> derivedB = AzMapping.forAccount(B, REGION, ZONE_IDS);
    assertEquals(derivedA, namesA);
    assertEquals(derivedB, namesB);
    String differing = namesA.keySet().stream().filter(n -> !namesA.get(n).equals(namesB.get(n))).findFirst()
        .orElseThrow(() -> new AssertionError("AzMapping gives A and B the same names: " + namesA));

    Vpc vpcB = createVpc(b, ids, CB, "10.0.0.0/16");
    Subnet sa = ok(b, ids, create(CA, vpc.vpcId(), "10.0.1.0/24", differing, null));
    Subnet sb = ok(b, ids, create(CB, vpcB.vpcId(), "10.0.1.0/24", differing, null));
    assertEquals(namesA.get(differing), sa.zoneId());
    assertEquals(namesB.get(differing), sb.zoneId());
    assertNotEquals(sa.zoneId(), sb.zoneId(), "the same AZ name is a different AZ for A and B");
  }

  @Test
  void everyAzNameOfTheAccountIsAccepted() {
    Map<String, String> names = Fixtures.zoneNamesOf(b.build(), A);
    assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"), List.copyOf(names.keySet()));
    int i = 0;
    for (Map.Entry<String, String> e : names.entrySet()) {
      Subnet s = ok(b, ids, create(CA, vpc.vpcId(), "10.0." + i++ + ".0/24", e.getKey(), null));
      assertEquals(e.getValue(), s.zoneId(), e.getKey());
    }
  }

  @Test
  void unknownAzNameIsRefusedListingTheAccountsNames() {
    AwsError e = refused("InvalidParameterValue", b, ids, create(CA, vpc.vpcId(), "10.0.1.0/24", "us-east-1z", null));
    assertMessageContains(e, "us-east-1z", "us-east-1a, us-east-1b, us-east-1c");
    // An AZ ID is not an AZ name.
    refused("InvalidParameterValue", b, ids, create(CA, vpc.vpcId(), "10.0.1.0/24", "use1-az1", null));
  }

  @Test
  void azNameAndAzIdTogetherAreRefused() {
    refused("InvalidParameterCombination", b, ids, create(CA, vpc.vpcId(), "10.0.1.0/24", "us-east-1a", "use1-az1"));
  }

  @Test
  void withoutAnAzOneOfTheRegionsIsPickedReproducibly() {
    Subnet s = ok(b, ids, create(CA, vpc.vpcId(), "10.0.1.0/24", null, null));
    assertTrue(ZONE_IDS.contains(s.zoneId()), s.zoneId());

    Desired.Builder again = Fixtures.baseBuilder();
    IdSource ids2 = Fixtures.ids();
    Vpc vpc2 = createVpc(again, ids2, CA, "10.0.0.0/16");
    assertEquals(vpc.vpcId(), vpc2.vpcId());
    Subnet s2 = ok(again, ids2, create(CA, vpc2.vpcId(), "10.0.1.0/24", null, null));
    assertEquals(s, s2);
  }

  // ---- Cross-account isolation ----

  @Test
  void anotherAccountCannotCreateSubnetsInAVpcItDoesNotOwn() {
    AwsError e = refused("InvalidVpcID.NotFound", b, ids, create(CB, vpc.vpcId(), "10.0.1.0/24", null, "use1-az1"));
    assertMessageContains(e, vpc.vpcId());
  }

  @Test
  void anotherAccountsSubnetIsNotFound() {
    Subnet s = ok(b, ids, create("10.0.1.0/24"));
    AwsError e = refused("InvalidSubnetID.NotFound", b, ids, new SubnetActions.DeleteSubnet(CB, s.subnetId()));
    assertMessageContains(e, s.subnetId());
    assertTrue(b.build().subnets().containsKey(s.subnetId()));
  }

  // ---- DeleteSubnet ----

  @Test
  void deleteSubnetRemovesOnlyThatSubnet() {
    Subnet keep = ok(b, ids, create("10.0.1.0/24"));
    Subnet drop = ok(b, ids, create("10.0.2.0/24"));
    Desired before = b.build();
    assertEquals(true, ok(b, ids, new SubnetActions.DeleteSubnet(CA, drop.subnetId())));
    assertEquals(List.of(new Desired.Change(Table.SUBNETS, drop.subnetId(), null)), b.build().changes(before));
    assertTrue(b.build().subnets().containsKey(keep.subnetId()));
    assertFalse(b.build().subnets().containsKey(drop.subnetId()));
  }

  @Test
  void deleteSubnetTwiceIsNotFound() {
    Subnet s = ok(b, ids, create("10.0.1.0/24"));
    ok(b, ids, new SubnetActions.DeleteSubnet(CA, s.subnetId()));
    refused("InvalidSubnetID.NotFound", b, ids, new SubnetActions.DeleteSubnet(CA, s.subnetId()));
  }

  @Test
  void deleteSubnetIdChecks() {
    refused("InvalidSubnetID.NotFound", b, ids, new SubnetActions.DeleteSubnet(CA, UNKNOWN_SUBNET));
    refused("InvalidSubnetID.Malformed", b, ids, new SubnetActions.DeleteSubnet(CA, "subnet-42"));
    refused("InvalidSubnetID.Malformed", b, ids, new SubnetActions.DeleteSubnet(CA, vpc.vpcId()));
    refused("MissingParameter", b, ids, new SubnetActions.DeleteSubnet(CA, null));
    refused("MissingParameter", b, ids, new SubnetActions.DeleteSubnet(CA, ""));
  }

  @Test
  void createSubnetHelperUsesTheAzId() {
    assertEquals("use1-az3", createSubnet(b, ids, CA, vpc.vpcId(), "10.0.9.0/24", "use1-az3").zoneId());
  }
}
