package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.controlplane.Fixtures.A;
import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.CB;
import static plemu.controlplane.Fixtures.createSubnet;
import static plemu.controlplane.Fixtures.createVpc;
import static plemu.controlplane.Fixtures.ok;
import static plemu.controlplane.Fixtures.refused;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import plemu.dns.ResolverAnswers;
import plemu.dns.ResolverAnswers.Answer;
import plemu.model.EndpointService;
import plemu.model.HostedZone;
import plemu.model.LoadBalancer;
import plemu.model.Vpc;
import plemu.model.VpcEndpoint;

/**
 * What a VPC resolver answers (pure: {@link ResolverAnswers}), and the control-plane side of DNS:
 * public hosted zones, private DNS names and their verification, private DNS on endpoints.
 */
class ResolverAnswersTest {
  IdSource ids;
  Desired.Builder b;
  Vpc providerVpc;
  Vpc consumerVpc;
  EndpointService svc;
  VpcEndpoint endpoint;

  @BeforeEach
  void world() {
    ids = Fixtures.ids();
    b = Fixtures.baseBuilder();
    providerVpc = createVpc(b, ids, CA, "10.0.0.0/16");
    var s1 = createSubnet(b, ids, CA, providerVpc.vpcId(), "10.0.1.0/24", "use1-az1");
    var s2 = createSubnet(b, ids, CA, providerVpc.vpcId(), "10.0.2.0/24", "use1-az2");
    LoadBalancer lb = ok(b, ids, new LoadBalancerActions.CreateLoadBalancer(CA, "svc", "network", "internal",
        List.of(new LoadBalancerActions.SubnetMapping(s1.subnetId(), null),
            new LoadBalancerActions.SubnetMapping(s2.subnetId(), null)), List.of(), List.of()));
    svc = ok(b, ids, new EndpointServiceActions.CreateVpcEndpointServiceConfiguration(CA, List.of(lb.loadBalancerArn()),
        false, null, List.of()));
    ok(b, ids, new ServicePermissionActions.ModifyVpcEndpointServicePermissions(CA, svc.serviceId(),
        List.of("arn:aws:iam::" + Fixtures.B + ":root"), List.of()));
    svc = b.build().endpointServices().get(svc.serviceId());
    consumerVpc = createVpc(b, ids, CB, "10.0.0.0/16");
    var c1 = createSubnet(b, ids, CB, consumerVpc.vpcId(), "10.0.1.0/24", "use1-az1");
    var c2 = createSubnet(b, ids, CB, consumerVpc.vpcId(), "10.0.2.0/24", "use1-az2");
    endpoint = provisioned(ok(b, ids, new VpcEndpointActions.CreateVpcEndpoint(CB, "Interface", consumerVpc.vpcId(),
        svc.serviceName(), List.of(c1.subnetId(), c2.subnetId()), List.of(), false, List.of())));
  }

  /** The emulator's provisioning step: a new endpoint is pending, then available. */
  private VpcEndpoint provisioned(VpcEndpoint created) {
    assertEquals("pending", created.state());
    assertFalse(ask(consumerVpcOf(created), created.regionalDnsName(), "A").nameExists(), "pending: no DNS yet");
    ok(b, ids, new EndpointConnectionActions.ProvisionVpcEndpoints(List.of(created.vpcEndpointId())));
    return b.build().vpcEndpoints().get(created.vpcEndpointId());
  }

  private Vpc consumerVpcOf(VpcEndpoint e) {
    return b.build().vpcs().get(e.vpcId());
  }

  private Answer ask(Vpc vpc, String name, String type, ResolverAnswers.ZoneServing zones, long rotation) {
    Desired d = b.build();
    return ResolverAnswers.answer(d, d.vpcs().get(vpc.vpcId()), name, type, zones, rotation);
  }

  private Answer ask(Vpc vpc, String name, String type) {
    return ask(vpc, name, type, ResolverAnswers.ZoneServing.ALL, 0);
  }

  private Set<String> addresses(Answer a) {
    Set<String> out = new HashSet<>();
    a.records().stream().filter(r -> r.type().equals("A")).forEach(r -> out.add(r.data()));
    return out;
  }

  private String hostOf(String zoneId) {
    return b.build().networkInterfaces().get(endpoint.attachment(zoneId).orElseThrow().networkInterfaceId()).hostAddress();
  }

  @Test
  void vpcsGetDistinctResolverAddressesFromTheRegionsPool() {
    assertNotEquals(providerVpc.resolverHostAddress(), consumerVpc.resolverHostAddress());
    var pool = b.build().regions().get("us-east-1").resolverPool();
    assertTrue(pool.contains(plemu.model.Ipv4.parse(consumerVpc.resolverHostAddress())), pool + " holds it");
    for (var zone : b.build().regions().get("us-east-1").zones()) assertFalse(zone.hostPool().overlaps(pool));
  }

  @Test
  void theRegionalNameListsEveryServingInterfaceInRotatingOrderWithTtl60() {
    String regional = endpoint.regionalDnsName() + ".";
    Answer first = ask(providerVpc, regional, "A", ResolverAnswers.ZoneServing.ALL, 0);
    Answer second = ask(providerVpc, regional, "A", ResolverAnswers.ZoneServing.ALL, 1);
    assertTrue(first.owned() && first.nameExists());
    assertEquals(Set.of(hostOf("use1-az1"), hostOf("use1-az2")), addresses(first));
    assertEquals(60, first.records().get(0).ttl());
    assertNotEquals(first.records().get(0).data(), second.records().get(0).data(), "the order rotates");
  }

  @Test
  void aZoneThatDoesNotServeLeavesTheRegionalAnswerButKeepsItsZonalName() {
    ResolverAnswers.ZoneServing az1Down = (e, a) -> !a.zoneId().equals("use1-az1");
    assertEquals(Set.of(hostOf("use1-az2")), addresses(ask(consumerVpc, endpoint.regionalDnsName(), "A", az1Down, 0)));
    // the consumer names the zone by its own AZ name
    String az1Name = b.build().accounts().get(Fixtures.B).zoneNameOf("use1-az1").orElseThrow();
    assertEquals(Set.of(hostOf("use1-az1")), addresses(ask(consumerVpc, endpoint.zonalDnsName(az1Name), "A", az1Down, 0)));
    // no zone serves: every interface is listed (fail open, as NLB's DNS does)
    ResolverAnswers.ZoneServing none = (e, a) -> false;
    assertEquals(2, addresses(ask(consumerVpc, endpoint.regionalDnsName(), "A", none, 0)).size());
  }

  @Test
  void otherTypesGetNoDataAndUnknownEndpointNamesNxdomain() {
    Answer aaaa = ask(consumerVpc, endpoint.regionalDnsName(), "AAAA");
    assertTrue(aaaa.nameExists());
    assertTrue(aaaa.records().isEmpty());
    Answer unknown = ask(consumerVpc, "vpce-0000000000000000-abcdefgh." + svc.baseDnsName(), "A");
    assertTrue(unknown.owned());
    assertFalse(unknown.nameExists());
    assertFalse(ask(consumerVpc, "example.org", "A").owned(), "not the emulator's name");
  }

  @Test
  void anEndpointThatIsNotAvailableDoesNotResolve() {
    VpcEndpoint pending = new VpcEndpoint(endpoint.vpcEndpointId(), endpoint.ownerId(), endpoint.region(), endpoint.vpcId(),
        endpoint.serviceId(), endpoint.serviceName(), "pendingAcceptance", endpoint.securityGroupIds(),
        endpoint.attachments(), false, null, endpoint.dnsSuffix(), endpoint.createdTime(), endpoint.tags());
    b.put(Table.VPC_ENDPOINTS, endpoint.vpcEndpointId(), pending);
    assertFalse(ask(consumerVpc, endpoint.regionalDnsName(), "A").nameExists());
  }

  @Test
  void publicHostedZonesAnswerTheirRecordsInEveryVpc() {
    HostedZone zone = ok(b, ids, new HostedZoneActions.CreateHostedZone(CA, "Example.com", "ref-1", null));
    assertEquals("example.com.", zone.name());
    ok(b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("www.example.com", "A", 120, List.of("127.0.0.9"))),
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("txt.example.com", "TXT", 300,
            List.of("\"hello \\\"world\\\"\"", "\"a\" \"b\""))),
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("alias.example.com", "CNAME", 60,
            List.of("www.example.com"))))));
    Answer www = ask(consumerVpc, "WWW.example.com.", "A");
    assertEquals(List.of(new ResolverAnswers.Record("www.example.com.", "A", 120, "127.0.0.9")), www.records());
    Answer txt = ask(providerVpc, "txt.example.com", "TXT");
    // the record keeps its character strings (the wire encodes each); a verifier reads them joined
    assertEquals(Set.of("hello \"world\"", "ab"), Set.copyOf(txt.records().stream()
        .map(r -> TxtValues.text(r.data())).toList()));
    Answer alias = ask(consumerVpc, "alias.example.com", "A");
    assertEquals(List.of("CNAME", "A"), alias.records().stream().map(ResolverAnswers.Record::type).toList());
    Answer missing = ask(consumerVpc, "nope.example.com", "A");
    assertTrue(missing.owned());
    assertFalse(missing.nameExists());
    assertEquals("SOA", missing.soa().orElseThrow().type());
    Answer noData = ask(consumerVpc, "www.example.com", "TXT");
    assertTrue(noData.nameExists() && noData.records().isEmpty());
  }

  @Test
  void cnameChainsAreFollowedWithEveryCnameAndLoopsEnd() {
    HostedZone zone = ok(b, ids, new HostedZoneActions.CreateHostedZone(CA, "example.com", "ref-1", null));
    ok(b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("a.example.com", "CNAME", 60, List.of("b.example.com"))),
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("b.example.com", "CNAME", 60, List.of("c.example.com"))),
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("c.example.com", "A", 60, List.of("127.0.0.9"))),
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("x.example.com", "CNAME", 60, List.of("y.example.com"))),
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("y.example.com", "CNAME", 60, List.of("x.example.com"))),
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("*.loop.example.com", "CNAME", 60,
            List.of("www.loop.example.com"))))));
    assertEquals(List.of("CNAME b.example.com.", "CNAME c.example.com.", "A 127.0.0.9"),
        ask(consumerVpc, "a.example.com", "A").records().stream().map(r -> r.type() + " " + r.data()).toList());
    assertEquals(2, ask(consumerVpc, "x.example.com", "A").records().size(), "x -> y -> (x again): stops");
    assertEquals(1, ask(consumerVpc, "www.loop.example.com", "A").records().size(), "a wildcard CNAME to itself");
  }

  @Test
  void hostedZoneChangesAreAllOrNothingWithRoute53Errors() {
    HostedZone zone = ok(b, ids, new HostedZoneActions.CreateHostedZone(CA, "example.com", "ref-1", null));
    var a = new HostedZone.RecordSet("a.example.com.", "A", 60, List.of("127.0.0.9"));
    ok(b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(
        new HostedZoneActions.Change("CREATE", a))));
    refused("InvalidChangeBatch", b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("b.example.com", "A", 60, List.of("127.0.0.8"))),
        new HostedZoneActions.Change("CREATE", a))));
    refused("InvalidChangeBatch", b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("x.example.org", "A", 60, List.of("127.0.0.8"))))));
    refused("InvalidChangeBatch", b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(
        new HostedZoneActions.Change("CREATE", new HostedZone.RecordSet("t.example.com", "TXT", 60, List.of("unquoted"))))));
    refused("InvalidChangeBatch", b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(
        new HostedZoneActions.Change("DELETE", new HostedZone.RecordSet("a.example.com", "A", 60, List.of("127.0.0.7"))))));
    assertEquals(404, refused("NoSuchHostedZone", b, ids, new HostedZoneActions.ChangeResourceRecordSets(CB,
        zone.hostedZoneId(), List.of(new HostedZoneActions.Change("UPSERT", a)))).httpStatus(), "Route 53's status");
    assertEquals(409, refused("HostedZoneAlreadyExists", b, ids, new HostedZoneActions.CreateHostedZone(CA, "other.com",
        "ref-1", null)).httpStatus(), "Route 53's status");
    refused("InvalidDomainName", b, ids, new HostedZoneActions.CreateHostedZone(CA, "com", "ref-tld", null));
    refused("ConflictingDomainExists", b, ids, new HostedZoneActions.CreateHostedZone(CB, "example.com", "ref-9", null));
    refused("InvalidDomainName", b, ids, new HostedZoneActions.CreateHostedZone(CA, "vpce.amazonaws.com", "ref-2", null));
    refused("InvalidDomainName", b, ids, new HostedZoneActions.CreateHostedZone(CA, "bad_name!.com", "ref-3", null));
    refused("HostedZoneNotEmpty", b, ids, new HostedZoneActions.DeleteHostedZone(CA, zone.path()));
    ok(b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(
        new HostedZoneActions.Change("DELETE", a))));
    ok(b, ids, new HostedZoneActions.DeleteHostedZone(CA, zone.path()));
    assertTrue(b.build().hostedZones().isEmpty());
  }

  /** The provider names its service, publishes the TXT record and verifies; the consumer turns on private DNS. */
  private String verifiedPrivateName(String name) {
    ok(b, ids, new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(CA, svc.serviceId(), name, null, null));
    EndpointService named = b.build().endpointServices().get(svc.serviceId());
    var config = named.privateDnsNameConfiguration();
    assertEquals("pendingVerification", config.state());
    assertTrue(config.name().matches("_[a-z0-9]{20}"), config.name());
    assertTrue(config.value().matches("vpce:[A-Za-z0-9]{20}"), config.value());
    EndpointService failed = ok(b, ids, new EndpointServiceActions.StartVpcEndpointServicePrivateDnsVerification(CA,
        svc.serviceId()));
    assertEquals("failed", failed.privateDnsNameConfiguration().state(), "no TXT record yet");
    HostedZone zone = ok(b, ids, new HostedZoneActions.CreateHostedZone(CA, "example.com", "ref-1", null));
    ok(b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(new HostedZoneActions.Change(
        "CREATE", new HostedZone.RecordSet(config.name() + ".example.com", "TXT", 300, List.of("\"" + config.value() + "\""))))));
    EndpointService verified = ok(b, ids, new EndpointServiceActions.StartVpcEndpointServicePrivateDnsVerification(CA,
        svc.serviceId()));
    assertEquals("verified", verified.privateDnsNameConfiguration().state());
    return named.privateDnsName();
  }

  private VpcEndpoint privateDnsEndpoint(Vpc vpc) {
    ok(b, ids, new VpcActions.ModifyVpcAttribute(CB, vpc.vpcId(), null, true));
    var subnet = createSubnet(b, ids, CB, vpc.vpcId(), "10.9.1.0/24", "use1-az1");
    return provisioned(ok(b, ids, new VpcEndpointActions.CreateVpcEndpoint(CB, "Interface", vpc.vpcId(),
        svc.serviceName(), List.of(subnet.subnetId()), List.of(), true, List.of())));
  }

  @Test
  void aVerifiedPrivateNameResolvesOnlyInsideTheConsumerVpc() {
    String name = verifiedPrivateName("api.example.com");
    Vpc vpc = createVpc(b, ids, CB, "10.9.0.0/16");
    VpcEndpoint e = privateDnsEndpoint(vpc);
    Answer inside = ask(vpc, "api.example.com.", "A");
    assertEquals("CNAME", inside.records().get(0).type());
    assertEquals(e.regionalDnsName() + ".", inside.records().get(0).data());
    assertEquals(1, addresses(inside).size());
    Answer elsewhere = ask(consumerVpc, name, "A");
    assertTrue(elsewhere.owned(), "example.com is a public zone of the emulator");
    assertFalse(elsewhere.nameExists(), "other VPCs get NXDOMAIN");
    // without DNS hostnames the VPC's resolver no longer answers the private name
    ok(b, ids, new VpcActions.ModifyVpcAttribute(CB, vpc.vpcId(), null, false));
    assertFalse(ask(vpc, "api.example.com.", "A").nameExists());
  }

  @Test
  void anEndpointKeepsTheNameItHeldUntilTheProviderRemovesIt() {
    verifiedPrivateName("api.example.com");
    Vpc vpc = createVpc(b, ids, CB, "10.9.0.0/16");
    privateDnsEndpoint(vpc);
    // a re-check that fails (the TXT record is gone) leaves the existing endpoint answering
    HostedZone zone = b.build().hostedZones().values().iterator().next();
    var txt = zone.recordSets().stream().filter(r -> r.type().equals("TXT")).findFirst().orElseThrow();
    ok(b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(
        new HostedZoneActions.Change("DELETE", txt))));
    ok(b, ids, new EndpointServiceActions.StartVpcEndpointServicePrivateDnsVerification(CA, svc.serviceId()));
    assertEquals(1, addresses(ask(vpc, "api.example.com", "A")).size());
    // so does a new name that is not verified yet: the old one still answers, the new one not yet
    ok(b, ids, new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(CA, svc.serviceId(), "shop.example.com",
        null, null));
    assertEquals(1, addresses(ask(vpc, "api.example.com", "A")).size());
    assertFalse(ask(vpc, "shop.example.com", "A").nameExists());
    // removed: gone, and a name set afterwards is not the old one coming back
    ok(b, ids, new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(CA, svc.serviceId(), null, true, null));
    assertFalse(ask(vpc, "api.example.com", "A").nameExists());
    ok(b, ids, new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(CA, svc.serviceId(), "api.example.com",
        null, null));
    assertFalse(ask(vpc, "api.example.com", "A").nameExists(), "pending verification: not served");
  }

  @Test
  void theMostSpecificPrivateNameOfAVpcWins() {
    verifiedPrivateName("*.example.com");
    // a second service of the provider, named api.example.com, verified in the same zone
    var subnet = b.build().subnets().values().stream().filter(x -> x.vpcId().equals(providerVpc.vpcId()) && x.zoneId().equals("use1-az1")).findFirst()
        .orElseThrow();
    LoadBalancer lb2 = ok(b, ids, new LoadBalancerActions.CreateLoadBalancer(CA, "api", "network", "internal",
        List.of(new LoadBalancerActions.SubnetMapping(subnet.subnetId(), null)), List.of(), List.of()));
    EndpointService api = ok(b, ids, new EndpointServiceActions.CreateVpcEndpointServiceConfiguration(CA,
        List.of(lb2.loadBalancerArn()), false, "api.example.com", List.of()));
    ok(b, ids, new ServicePermissionActions.ModifyVpcEndpointServicePermissions(CA, api.serviceId(),
        List.of("arn:aws:iam::" + Fixtures.B + ":root"), List.of()));
    HostedZone zone = b.build().hostedZones().values().iterator().next();
    var config = api.privateDnsNameConfiguration();
    ok(b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(new HostedZoneActions.Change(
        "CREATE", new HostedZone.RecordSet(config.name() + ".api.example.com", "TXT", 300,
            List.of("\"" + config.value() + "\""))))));
    ok(b, ids, new EndpointServiceActions.StartVpcEndpointServicePrivateDnsVerification(CA, api.serviceId()));
    // one consumer VPC with private DNS to both: the exact name beats the wildcard, whatever the order
    Vpc vpc = createVpc(b, ids, CB, "10.9.0.0/16");
    VpcEndpoint wildcard = privateDnsEndpoint(vpc);
    var subnet2 = createSubnet(b, ids, CB, vpc.vpcId(), "10.9.2.0/24", "use1-az1");
    VpcEndpoint exact = provisioned(ok(b, ids, new VpcEndpointActions.CreateVpcEndpoint(CB, "Interface", vpc.vpcId(),
        api.serviceName(), List.of(subnet2.subnetId()), List.of(), true, List.of())));
    assertEquals(exact.regionalDnsName() + ".", ask(vpc, "api.example.com", "A").records().get(0).data());
    assertEquals(wildcard.regionalDnsName() + ".", ask(vpc, "www.example.com", "A").records().get(0).data());
  }

  @Test
  void aWildcardPrivateNameCoversEveryNameBelowItsDomain() {
    verifiedPrivateName("*.example.com");
    Vpc vpc = createVpc(b, ids, CB, "10.9.0.0/16");
    privateDnsEndpoint(vpc);
    assertEquals(1, addresses(ask(vpc, "a.b.example.com", "A")).size());
    assertFalse(ask(vpc, "example.com", "A").records().stream().anyMatch(r -> r.type().equals("CNAME")));
  }

  @Test
  void anUnverifiedNameCannotBeTurnedOnAndDoesNotResolve() {
    ok(b, ids, new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(CA, svc.serviceId(), "api.example.com",
        null, null));
    Vpc vpc = createVpc(b, ids, CB, "10.9.0.0/16");
    ok(b, ids, new VpcActions.ModifyVpcAttribute(CB, vpc.vpcId(), null, true));
    var subnet = createSubnet(b, ids, CB, vpc.vpcId(), "10.9.1.0/24", "use1-az1");
    Fixtures.assertMessageContains(refused("InvalidParameter", b, ids, new VpcEndpointActions.CreateVpcEndpoint(CB,
        "Interface", vpc.vpcId(), svc.serviceName(), List.of(subnet.subnetId()), List.of(), true, List.of())),
        "not verified");
    assertFalse(ask(vpc, "api.example.com", "A").owned());
  }

  @Test
  void onlyTheZoneThatAnswersForANameProvesADomain() {
    ok(b, ids, new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(CA, svc.serviceId(), "api.example.com",
        null, null));
    var config = b.build().endpointServices().get(svc.serviceId()).privateDnsNameConfiguration();
    HostedZone zone = ok(b, ids, new HostedZoneActions.CreateHostedZone(CA, "example.com", "ref-1", null));
    // another account cannot put a zone inside the provider's domain
    refused("ConflictingDomainExists", b, ids, new HostedZoneActions.CreateHostedZone(CB, "api.example.com", "ref-2", null));
    ok(b, ids, new HostedZoneActions.ChangeResourceRecordSets(CA, zone.hostedZoneId(), List.of(new HostedZoneActions.Change(
        "CREATE", new HostedZone.RecordSet("example.com", "TXT", 300, List.of("\"" + config.value() + "\""))))));
    EndpointService verified = ok(b, ids, new EndpointServiceActions.StartVpcEndpointServicePrivateDnsVerification(CA,
        svc.serviceId()));
    assertEquals("verified", verified.privateDnsNameConfiguration().state(), "the TXT record at the bare domain counts");
  }

  @Test
  void privateDnsRefusalsAreAws() {
    Vpc vpc = createVpc(b, ids, CB, "10.9.0.0/16");
    var subnet = createSubnet(b, ids, CB, vpc.vpcId(), "10.9.1.0/24", "use1-az1");
    var create = new VpcEndpointActions.CreateVpcEndpoint(CB, "Interface", vpc.vpcId(), svc.serviceName(),
        List.of(subnet.subnetId()), List.of(), true, List.of());
    Fixtures.assertMessageContains(refused("InvalidParameter", b, ids, create), "does not provide a private DNS name");
    verifiedPrivateName("api.example.com");
    Fixtures.assertMessageContains(refused("InvalidParameter", b, ids, create), "enableDnsHostnames");
    ok(b, ids, new VpcActions.ModifyVpcAttribute(CB, vpc.vpcId(), null, true));
    ok(b, ids, create);
    Fixtures.assertMessageContains(refused("InvalidParameter", b, ids, create), "conflicting DNS domain");
    refused("InvalidParameter", b, ids, new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(CA,
        svc.serviceId(), "not a name", null, null));
    refused("InvalidParameter", b, ids, new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(CA,
        svc.serviceId(), "x.amazonaws.com", null, null));
    refused("InvalidVpcEndpointServiceId.NotFound", b, ids,
        new EndpointServiceActions.StartVpcEndpointServicePrivateDnsVerification(CB, svc.serviceId()));
    EndpointService removed = ok(b, ids, new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(CA,
        svc.serviceId(), null, true, null));
    assertEquals(null, removed.privateDnsName());
    assertEquals(A, removed.ownerId());
  }
}
