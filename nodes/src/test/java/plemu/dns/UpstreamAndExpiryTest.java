package plemu.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static plemu.dns.DnsResolverTest.client;
import static plemu.dns.DnsResolverTest.query;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.ACCOUNT_B;
import static plemu.testing.TestClusters.TOKEN_A;
import static plemu.testing.TestClusters.TOKEN_B;

import com.typesafe.config.ConfigFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import plemu.api.EndpointConnectionsTest;
import plemu.launcher.EmbeddedCluster;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;
import plemu.testing.TestClusters;

/**
 * Settings a user may change, on a cluster of their own: names the emulator does not own go to a
 * configured upstream (here a DNS server of the test's on loopback, UDP and TCP on one port), over
 * the client's transport, with SERVFAIL when the upstream does not answer in time; and a connection
 * request nobody accepts expires.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamAndExpiryTest {
  EmbeddedCluster cluster;
  ApiClient api;
  Path dataDir;
  DatagramSocket upstream;
  java.net.ServerSocket upstreamTcp;

  /** The fake upstream's answer: 127.0.0.9 over UDP, 127.0.0.10 over TCP; never for names starting "silent". */
  static Message answer(Message q, String address) throws Exception {
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.addRecord(q.getQuestion(), Section.QUESTION);
    r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 30, InetAddress.getByName(address)), Section.ANSWER);
    if (q.getOPT() != null) r.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0), Section.ADDITIONAL); // as servers do
    return r;
  }

  @BeforeAll
  void start() throws Exception {
    upstream = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    upstreamTcp = new java.net.ServerSocket();
    upstreamTcp.bind(new InetSocketAddress("127.0.0.1", upstream.getLocalPort()));
    for (Runnable server : List.<Runnable>of(this::answerOverUdp, this::answerOverTcp)) {
      Thread t = new Thread(server, "fake-upstream");
      t.setDaemon(true);
      t.start();
    }
    dataDir = Files.createTempDirectory("plemu-test");
    var base = ConfigFactory.parseString("plemu.dns.upstream = \"127.0.0.1:" + upstream.getLocalPort() + "\"\n"
        + "plemu.dns.upstream-timeout = 1s\n"
        + "plemu.endpoints.acceptance-expiry = 2s").withFallback(ConfigFactory.load("embedded"));
    cluster = EmbeddedCluster.start(TestClusters.scenario(), new EmbeddedCluster.Options(dataDir, "127.0.0.1", 0, base),
        Duration.ofSeconds(60));
    api = new ApiClient(cluster.apiAddress());
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) cluster.close();
    upstream.close();
    upstreamTcp.close();
    ClusterTestBase.deleteRecursively(dataDir);
  }

  private void answerOverUdp() {
    byte[] buffer = new byte[512];
    while (!upstream.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        upstream.receive(p);
        Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        if (q.getQuestion().getName().toString().startsWith("silent")) continue;
        byte[] out = answer(q, "127.0.0.9").toWire();
        upstream.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (Exception e) {
        // closed, or a query it cannot parse
      }
    }
  }

  /** DNS over TCP: a two-byte length before each message. */
  private void answerOverTcp() {
    while (!upstreamTcp.isClosed()) {
      try (java.net.Socket s = upstreamTcp.accept()) {
        var in = new java.io.DataInputStream(s.getInputStream());
        byte[] wire = new byte[in.readUnsignedShort()];
        in.readFully(wire);
        byte[] out = answer(new Message(wire), "127.0.0.10").toWire();
        var reply = new java.io.DataOutputStream(s.getOutputStream());
        reply.writeShort(out.length);
        reply.write(out);
        reply.flush();
      } catch (Exception e) {
        // closed, or a client that went away
      }
    }
  }

  @Test
  void namesTheEmulatorDoesNotOwnGoToTheUpstream() throws Exception {
    String vpc = api.ok(TOKEN_B, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    var dns = api.ok(TOKEN_B, "DescribeVpcs", json("VpcIds", List.of(vpc))).get("Vpcs").get(0).get("DnsResolver");
    var r = client(new InetSocketAddress(dns.get("HostAddress").asText(), dns.get("Port").asInt()));
    Message answer = DnsResolverTest.await(r, "www.example.org", Type.A);
    assertEquals(Rcode.NOERROR, answer.getRcode());
    assertEquals("127.0.0.9", ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
    // a client without EDNS gets no OPT record, although plemu asked the upstream with EDNS
    Message plain = DnsResolverTest.udp(new InetSocketAddress(dns.get("HostAddress").asText(), dns.get("Port").asInt()),
        Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString("plain.example.org."), Type.A, DClass.IN)));
    assertEquals(Rcode.NOERROR, plain.getRcode());
    assertEquals(null, plain.getOPT(), "no OPT for a client that sent none");
    // over TCP, the upstream is asked over TCP
    var tcp = client(new InetSocketAddress(dns.get("HostAddress").asText(), dns.get("Port").asInt()));
    tcp.setTCP(true);
    Message overTcp = query(tcp, "www.example.org", Type.A);
    assertEquals("127.0.0.10", ((ARecord) overTcp.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
    // an upstream that does not answer within upstream-timeout (1 s here): SERVFAIL, not silence
    assertEquals(Rcode.SERVFAIL, query(r, "silent.example.org", Type.A).getRcode());
    // the emulator's own names are still answered here, not upstream
    assertEquals(Rcode.NXDOMAIN, query(r, "vpce-00000000000000000-abcdefgh.vpce-svc-00000000000000000.us-east-1"
        + ".vpce.amazonaws.com", Type.A).getRcode());
  }

  @Test
  void aRequestNobodyAcceptsExpires() throws Exception {
    String lb = api.nlbInAz1(TOKEN_A, "expiry");
    String serviceId = api.ok(TOKEN_A, "CreateVpcEndpointServiceConfiguration", json("NetworkLoadBalancerArns",
        List.of(lb), "AcceptanceRequired", true)).get("ServiceConfiguration").get("ServiceId").asText();
    api.ok(TOKEN_A, "ModifyVpcEndpointServicePermissions", json("ServiceId", serviceId,
        "AddAllowedPrincipals", List.of("arn:aws:iam::" + ACCOUNT_B + ":root")));
    String name = api.ok(TOKEN_B, "DescribeVpcEndpointServices", "").get("ServiceNames").get(0).asText();
    String endpoint = api.endpointInAz1(TOKEN_B, name);
    EndpointConnectionsTest.awaitState(api, endpoint, "expired");
    assertEquals("IncorrectState", api.ok(TOKEN_A, "AcceptVpcEndpointConnections", json("ServiceId", serviceId,
        "VpcEndpointIds", List.of(endpoint))).get("Unsuccessful").get(0).get("Error").get("Code").asText());
  }
}
