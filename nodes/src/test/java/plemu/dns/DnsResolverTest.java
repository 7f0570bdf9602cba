package plemu.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.assertError;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import plemu.testing.ClusterTestBase;

/**
 * The VPC resolvers through a real DNS client (dnsjava's SimpleResolver, UDP and TCP): endpoint
 * names, rotation and TTL, public hosted zones, private DNS only inside the consumer VPC after
 * verification, FORMERR on garbage, truncation and the TCP retry.
 */
class DnsResolverTest extends ClusterTestBase {
  String providerVpc;
  String consumerVpc;
  String serviceId;
  String serviceName;
  JsonNode endpoint;
  final Map<String, String> eniHostByZone = new HashMap<>();

  @BeforeAll
  void world() throws Exception {
    providerVpc = api.ok(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    List<String> subnets = new ArrayList<>();
    for (String az : List.of("use1-az1", "use1-az2"))
      subnets.add(api.ok(TOKEN_A, "CreateSubnet", json("VpcId", providerVpc, "CidrBlock", "10.0." + az.charAt(7) + ".0/24",
          "AvailabilityZoneId", az)).get("Subnet").get("SubnetId").asText());
    String lb = api.ok(TOKEN_A, "CreateLoadBalancer", json("Name", "dns", "Type", "network", "Scheme", "internal",
        "Subnets", subnets)).get("LoadBalancers").get(0).get("LoadBalancerArn").asText();
    JsonNode svc = api.serviceFor(TOKEN_A, lb, plemu.testing.TestClusters.ACCOUNT_B);
    serviceId = svc.get("ServiceId").asText();
    serviceName = svc.get("ServiceName").asText();
    consumerVpc = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    api.ok(TOKEN_B, "ModifyVpcAttribute", json("VpcId", consumerVpc, "EnableDnsHostnames", Map.of("Value", true)));
    List<String> consumerSubnets = new ArrayList<>();
    for (String az : List.of("use1-az1", "use1-az2"))
      consumerSubnets.add(api.ok(TOKEN_B, "CreateSubnet", json("VpcId", consumerVpc, "CidrBlock",
          "10.0." + az.charAt(7) + ".0/24", "AvailabilityZoneId", az)).get("Subnet").get("SubnetId").asText());
    endpoint = api.ok(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", consumerVpc,
        "ServiceName", serviceName, "SubnetIds", consumerSubnets)).get("VpcEndpoint");
    for (JsonNode eni : api.ok(TOKEN_B, "DescribeNetworkInterfaces", json("NetworkInterfaceIds",
        endpoint.get("NetworkInterfaceIds"))).get("NetworkInterfaces"))
      eniHostByZone.put(eni.get("AvailabilityZoneId").asText(), eni.get("HostAddress").asText());
  }

  /** The resolver of a VPC as DescribeVpcs shows it. */
  InetSocketAddress resolverOf(String token, String vpcId) throws Exception {
    JsonNode dns = api.ok(token, "DescribeVpcs", json("VpcIds", List.of(vpcId))).get("Vpcs").get(0).get("DnsResolver");
    assertEquals("serving", dns.get("State").asText());
    return new InetSocketAddress(dns.get("HostAddress").asText(), dns.get("Port").asInt());
  }

  static SimpleResolver client(InetSocketAddress resolver) {
    SimpleResolver r = new SimpleResolver(resolver);
    r.setTimeout(Duration.ofSeconds(3));
    return r;
  }

  static Message query(SimpleResolver r, String name, int type) throws Exception {
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN)));
  }

  /** Queries until the resolver answers (its listener binds a moment after the VPC is created). */
  static Message await(SimpleResolver r, String name, int type) throws Exception {
    Exception last = null;
    for (int i = 0; i < 50; i++) {
      try {
        return query(r, name, type);
      } catch (java.io.IOException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw last;
  }

  /**
   * Queries until the name exists: a resolver knows a new resource a moment after the API answered,
   * when the desired state has replicated to it.
   */
  static Message awaitName(SimpleResolver r, String name, int type) throws Exception {
    Message m = await(r, name, type);
    for (int i = 0; i < 50 && m.getRcode() == Rcode.NXDOMAIN; i++) {
      Thread.sleep(100);
      m = query(r, name, type);
    }
    return m;
  }

  static Set<String> addresses(Message m) {
    Set<String> out = new TreeSet<>();
    for (Record r : m.getSection(Section.ANSWER)) if (r instanceof ARecord a) out.add(a.getAddress().getHostAddress());
    return out;
  }

  /** One query over UDP, sent and read as raw datagrams. */
  static Message udp(InetSocketAddress at, Message query) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(3000);
      byte[] wire = query.toWire();
      s.send(new DatagramPacket(wire, wire.length, at));
      DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
      s.receive(reply);
      return new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
    }
  }

  String dnsName(int index) {
    return endpoint.get("DnsEntries").get(index).get("DnsName").asText();
  }

  @Test
  void theRegionalNameAnswersEveryZonesInterfaceWithTtl60InRotatingOrder() throws Exception {
    SimpleResolver r = client(resolverOf(TOKEN_B, consumerVpc));
    Message first = awaitName(r, dnsName(0), Type.A);
    assertEquals(Rcode.NOERROR, first.getRcode());
    assertTrue(first.getHeader().getFlag(Flags.AA));
    assertEquals(new TreeSet<>(eniHostByZone.values()), addresses(first));
    for (Record rec : first.getSection(Section.ANSWER)) assertEquals(60, rec.getTTL());
    Set<String> firstAddresses = new java.util.HashSet<>();
    for (int i = 0; i < 4; i++)
      firstAddresses.add(((ARecord) query(r, dnsName(0), Type.A).getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
    assertEquals(2, firstAddresses.size(), "the first address rotates between queries");
  }

  /** The same through dig (bind9-dnsutils), over UDP and TCP, as the README shows. */
  @Test
  void digGetsTheSameAnswers() throws Exception {
    InetSocketAddress at = resolverOf(TOKEN_B, consumerVpc);
    awaitName(client(at), dnsName(0), Type.A);
    for (String transport : List.of("+notcp", "+tcp")) {
      Process dig;
      try {
        dig = new ProcessBuilder("dig", "@" + at.getHostString(), "-p", String.valueOf(at.getPort()), dnsName(0), "A",
            "+short", transport, "+time=3", "+tries=1").redirectErrorStream(true).start();
      } catch (java.io.IOException e) {
        throw new AssertionError("dig is missing: run the tests with scripts/test, or install bind9-dnsutils", e);
      }
      String out = new String(dig.getInputStream().readAllBytes()).trim();
      assertTrue(dig.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals(new TreeSet<>(eniHostByZone.values()), new TreeSet<>(List.of(out.split("\\s+"))), "dig " + transport);
    }
  }

  @Test
  void zonalNamesAnswerTheirZonesInterfaceInAnyVpcsResolver() throws Exception {
    SimpleResolver r = client(resolverOf(TOKEN_A, providerVpc)); // the names are public: any resolver answers them
    Map<String, String> zoneNames = new HashMap<>();
    for (JsonNode z : api.ok(TOKEN_B, "DescribeAvailabilityZones", "").get("AvailabilityZones"))
      zoneNames.put(z.get("ZoneName").asText(), z.get("ZoneId").asText());
    for (int i = 1; i <= 2; i++) {
      String name = dnsName(i);
      String zoneName = name.substring(0, name.indexOf('.')).replaceAll("^.*-(us-east-1[a-z])$", "$1");
      assertEquals(Set.of(eniHostByZone.get(zoneNames.get(zoneName))), addresses(awaitName(r, name, Type.A)), name);
    }
  }

  @Test
  void namesNobodyOwnsAreNxdomainAndGarbageIsFormerr() throws Exception {
    InetSocketAddress at = resolverOf(TOKEN_B, consumerVpc);
    SimpleResolver r = client(at);
    await(r, dnsName(0), Type.A);
    assertEquals(Rcode.NXDOMAIN, query(r, "nothing.example.net", Type.A).getRcode());
    assertEquals(Rcode.NXDOMAIN, query(r, "vpce-00000000000000000-abcdefgh." + serviceId + ".us-east-1.vpce.amazonaws.com",
        Type.A).getRcode());
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(3000);
      byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 'x', 'y'};
      s.send(new DatagramPacket(garbage, garbage.length, at));
      DatagramPacket reply = new DatagramPacket(new byte[512], 512);
      s.receive(reply);
      Message m = new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
      assertEquals(0x1234, m.getHeader().getID());
      assertEquals(Rcode.FORMERR, m.getRcode());
    }
    // another class than IN is refused; EDNS beyond version 0 is BADVERS
    Message chaos = udp(at, Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH)));
    assertEquals(Rcode.REFUSED, chaos.getRcode());
    Message edns1 = Message.newQuery(Record.newRecord(Name.fromString(dnsName(0) + "."), Type.A, DClass.IN));
    edns1.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 1), Section.ADDITIONAL);
    assertEquals(Rcode.BADVERS, udp(at, edns1).getRcode());
    assertEquals(Rcode.NOERROR, query(r, dnsName(0), Type.A).getRcode(), "still serving after garbage");
  }

  @Test
  void anAnswerTooBigForUdpIsTruncatedAndComesWholeOverTcp() throws Exception {
    String zone = api.ok(TOKEN_A, "CreateHostedZone", json("Name", "big.example", "CallerReference", "big-1"))
        .get("HostedZone").get("Id").asText();
    List<Map<String, String>> values = new ArrayList<>();
    for (int i = 0; i < 12; i++) values.add(Map.of("Value", "\"" + String.valueOf((char) ('a' + i)).repeat(200) + "\""));
    // and a value longer than one character string, as a DKIM key is written: two strings of 255 and 100
    String dkim = "\"" + "k".repeat(255) + "\" \"" + "e\\\\".repeat(50) + "\"";
    api.ok(TOKEN_A, "ChangeResourceRecordSets", json("HostedZoneId", zone, "ChangeBatch", Map.of("Changes", List.of(
        Map.of("Action", "CREATE", "ResourceRecordSet", Map.of("Name", "txt.big.example", "Type", "TXT", "TTL", 300,
            "ResourceRecords", values)),
        Map.of("Action", "CREATE", "ResourceRecordSet", Map.of("Name", "dkim.big.example", "Type", "TXT", "TTL", 300,
            "ResourceRecords", List.of(Map.of("Value", dkim)))),
        Map.of("Action", "CREATE", "ResourceRecordSet", Map.of("Name", "selector.big.example", "Type", "CNAME",
            "TTL", 300, "ResourceRecords", List.of(Map.of("Value", "dkim.big.example"))))))));
    InetSocketAddress at = resolverOf(TOKEN_B, consumerVpc);
    await(client(at), dnsName(0), Type.A);
    // a plain UDP query without EDNS: the answer does not fit 512 bytes (the resolver has the record
    // a moment after the write: the desired state reaches it as it replicates)
    Message question = Message.newQuery(Record.newRecord(Name.fromString("txt.big.example."), Type.TXT, DClass.IN));
    Message truncated = udp(at, question);
    for (int i = 0; i < 50 && truncated.getRcode() == Rcode.NXDOMAIN; i++) {
      Thread.sleep(100);
      truncated = udp(at, question);
    }
    assertTrue(truncated.getHeader().getFlag(Flags.TC), "TC set on UDP");
    assertTrue(truncated.toWire().length <= 512);
    SimpleResolver tcp = client(resolverOf(TOKEN_B, consumerVpc));
    tcp.setTCP(true);
    Message whole = query(tcp, "txt.big.example", Type.TXT);
    assertEquals(12, whole.getSection(Section.ANSWER).size());
    assertTrue(((TXTRecord) whole.getSection(Section.ANSWER).get(0)).getStrings().get(0).length() == 200);
    SimpleResolver usual = client(resolverOf(TOKEN_B, consumerVpc)); // retries over TCP by itself
    assertEquals(12, query(usual, "txt.big.example", Type.TXT).getSection(Section.ANSWER).size());
    TXTRecord long2 = (TXTRecord) query(usual, "dkim.big.example", Type.TXT).getSection(Section.ANSWER).get(0);
    assertEquals(List.of("k".repeat(255), "e\\".repeat(50)), long2.getStringsAsByteArrays().stream()
        .map(bytes -> new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)).toList(),
        "both strings on the wire, each escape read once");
    // a CNAME of a hosted zone, followed within the zone: the CNAME and its target's record
    List<Record> viaCname = query(usual, "selector.big.example", Type.TXT).getSection(Section.ANSWER);
    assertEquals(List.of(Type.CNAME, Type.TXT), viaCname.stream().map(Record::getType).toList());
  }

  @Test
  void aVerifiedPrivateDnsNameResolvesOnlyInTheConsumerVpc() throws Exception {
    api.ok(TOKEN_A, "ModifyVpcEndpointServiceConfiguration", json("ServiceId", serviceId, "PrivateDnsName",
        "api.shop.example"));
    JsonNode config = api.ok(TOKEN_A, "DescribeVpcEndpointServiceConfigurations", json("ServiceIds", List.of(serviceId)))
        .get("ServiceConfigurations").get(0).get("PrivateDnsNameConfiguration");
    assertEquals("pendingVerification", config.get("State").asText());
    assertEquals("TXT", config.get("Type").asText());
    String zone = api.ok(TOKEN_A, "CreateHostedZone", json("Name", "shop.example", "CallerReference", "shop-1"))
        .get("HostedZone").get("Id").asText();
    api.ok(TOKEN_A, "ChangeResourceRecordSets", json("HostedZoneId", zone, "ChangeBatch", Map.of("Changes", List.of(
        Map.of("Action", "CREATE", "ResourceRecordSet", Map.of("Name", config.get("Name").asText() + ".shop.example",
            "Type", "TXT", "TTL", 300, "ResourceRecords", List.of(Map.of("Value", "\"" + config.get("Value").asText() + "\""))))))));
    // another account's zone does not exist for it: Route 53's NoSuchHostedZone, a 404
    var foreign = api.call(TOKEN_B, "GetHostedZone", json("Id", zone));
    assertEquals("NoSuchHostedZone", foreign.errorCode());
    assertEquals(404, foreign.status());
    // the TXT record is public: the provider can check it through any resolver
    SimpleResolver provider = client(resolverOf(TOKEN_A, providerVpc));
    Message txt = awaitName(provider, config.get("Name").asText() + ".shop.example", Type.TXT);
    assertEquals(config.get("Value").asText(), ((TXTRecord) txt.getSection(Section.ANSWER).get(0)).getStrings().get(0));
    assertEquals(true, api.ok(TOKEN_A, "StartVpcEndpointServicePrivateDnsVerification", json("ServiceId", serviceId))
        .get("ReturnValue").asBoolean());
    JsonNode detail = api.ok(TOKEN_B, "DescribeVpcEndpointServices", json("ServiceNames", List.of(serviceName)))
        .get("ServiceDetails").get(0);
    assertEquals("verified", detail.get("PrivateDnsNameVerificationState").asText());
    // a second VPC of the consumer gets the endpoint with private DNS
    String vpc = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.5.0.0/16")).get("Vpc").get("VpcId").asText();
    api.ok(TOKEN_B, "ModifyVpcAttribute", json("VpcId", vpc, "EnableDnsHostnames", Map.of("Value", true)));
    String subnet = api.ok(TOKEN_B, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.5.1.0/24",
        "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
    JsonNode e = api.ok(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", vpc,
        "ServiceName", serviceName, "SubnetIds", List.of(subnet), "PrivateDnsEnabled", true)).get("VpcEndpoint");
    JsonNode entries = e.get("DnsEntries");
    assertEquals("api.shop.example", entries.get(entries.size() - 1).get("DnsName").asText());
    SimpleResolver inside = client(resolverOf(TOKEN_B, vpc));
    Message answer = awaitName(inside, "api.shop.example", Type.A);
    assertEquals(Rcode.NOERROR, answer.getRcode());
    List<Record> records = answer.getSection(Section.ANSWER);
    assertEquals(e.get("DnsEntries").get(0).get("DnsName").asText() + ".",
        ((CNAMERecord) records.get(0)).getTarget().toString());
    String eniHost = api.ok(TOKEN_B, "DescribeNetworkInterfaces", json("NetworkInterfaceIds", e.get("NetworkInterfaceIds")))
        .get("NetworkInterfaces").get(0).get("HostAddress").asText();
    assertEquals(Set.of(eniHost), addresses(answer));
    // the first consumer VPC has no endpoint with private DNS: the name does not exist there
    assertEquals(Rcode.NXDOMAIN, query(client(resolverOf(TOKEN_B, consumerVpc)), "api.shop.example", Type.A).getRcode());
    assertEquals(Rcode.NXDOMAIN, query(provider, "api.shop.example", Type.A).getRcode());

    // the TXT record goes and a new check fails: new endpoints may not use the name, the existing one keeps it
    api.ok(TOKEN_A, "ChangeResourceRecordSets", json("HostedZoneId", zone, "ChangeBatch", Map.of("Changes", List.of(
        Map.of("Action", "DELETE", "ResourceRecordSet", Map.of("Name", config.get("Name").asText() + ".shop.example",
            "Type", "TXT", "TTL", 300, "ResourceRecords", List.of(Map.of("Value", "\"" + config.get("Value").asText() + "\""))))))));
    api.ok(TOKEN_A, "StartVpcEndpointServicePrivateDnsVerification", json("ServiceId", serviceId));
    assertEquals("failed", api.ok(TOKEN_B, "DescribeVpcEndpointServices", json("ServiceNames", List.of(serviceName)))
        .get("ServiceDetails").get(0).get("PrivateDnsNameVerificationState").asText());
    String other = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.6.0.0/16")).get("Vpc").get("VpcId").asText();
    api.ok(TOKEN_B, "ModifyVpcAttribute", json("VpcId", other, "EnableDnsHostnames", Map.of("Value", true)));
    String otherSubnet = api.ok(TOKEN_B, "CreateSubnet", json("VpcId", other, "CidrBlock", "10.6.1.0/24",
        "AvailabilityZoneId", "use1-az1")).get("Subnet").get("SubnetId").asText();
    assertError("InvalidParameter", api.call(TOKEN_B, "CreateVpcEndpoint", json("VpcEndpointType", "Interface",
        "VpcId", other, "ServiceName", serviceName, "SubnetIds", List.of(otherSubnet), "PrivateDnsEnabled", true)));
    for (int i = 0; i < 20; i++) { // for 2 s: longer than the failed check takes to reach the resolver
      assertEquals(Set.of(eniHost), addresses(query(inside, "api.shop.example", Type.A)));
      Thread.sleep(100);
    }
    // the provider removes the name: it is gone everywhere
    api.ok(TOKEN_A, "ModifyVpcEndpointServiceConfiguration", json("ServiceId", serviceId, "RemovePrivateDnsName", true));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (query(inside, "api.shop.example", Type.A).getRcode() != Rcode.NXDOMAIN && System.nanoTime() < deadline)
      Thread.sleep(100);
    assertEquals(Rcode.NXDOMAIN, query(inside, "api.shop.example", Type.A).getRcode());
  }
}
