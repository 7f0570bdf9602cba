package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.assertError;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.OPERATOR;
import static plemu.testing.TestClusters.TOKEN_A;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;
import plemu.testing.NlbInAz1;

/**
 * The operator sets impairments on links through the API; every hop of a flow and every health
 * check crosses its link, open flows included; clearing restores the path; bad values are refused.
 */
class LinkApiTest extends ClusterTestBase {
  static final Map<String, Object> TO_TARGET = Map.of("From", "az:use1-az1", "To", "host");
  NlbInAz1 nlb;

  @BeforeAll
  void nlbWithAnOnPremisesTarget() throws Exception {
    nlb = NlbInAz1.create(api, TOKEN_A, "links");
    assertEquals(200, nlb.createListener(api, TOKEN_A, 7900).status());
  }

  @AfterAll
  void stopTarget() throws Exception {
    if (nlb != null) nlb.close();
  }

  @Test
  void describeLinksShowsEveryLinkWithItsProfile() {
    JsonNode links = api.ok(OPERATOR, "DescribeLinks", "").get("Links");
    // host to 3 zones, 3 zones to host, 3 x 3 between zones
    assertEquals(15, links.size(), links.toString());
    JsonNode crossZone = find(links, "az:use1-az1", "az:use1-az2");
    assertEquals("cross-zone", crossZone.get("Kind").asText());
    assertEquals("latency", crossZone.get("Upstream").get("Profile").get(0).get("Type").asText(),
        "the embedded default has cross-zone latency");
    assertEquals("same-zone", find(links, "az:use1-az1", "az:use1-az1").get("Kind").asText());
  }

  static JsonNode find(JsonNode links, String from, String to) {
    for (JsonNode l : links) if (l.get("From").asText().equals(from) && l.get("To").asText().equals(to)) return l;
    throw new AssertionError("no link " + from + " -> " + to + " in " + links);
  }

  @Test
  void latencyOnTheHopToTheTargetSlowsAnOpenFlowAndClearingRestoresIt() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(nlb.nodeHost(), 7900), 2000);
      s.setSoTimeout(10_000);
      long quick = roundTrip(s);
      api.ok(OPERATOR, "SetLinkImpairments", json("Link", TO_TARGET, "Direction", "upstream", "Impairments",
          List.of(Map.of("Type", "latency", "Attributes", Map.of("delayMs", 150)))));
      long slow = roundTrip(s);
      assertTrue(slow >= 150, "the open flow got the link's latency: " + slow + " ms (was " + quick + " ms)");
      JsonNode link = find(api.ok(OPERATOR, "DescribeLinks", "").get("Links"), "az:use1-az1", "host");
      assertEquals("150", link.get("Upstream").get("Impairments").get(0).get("Attributes").get("delayMs").asText());
      api.ok(OPERATOR, "ClearLinkImpairments", json("Link", TO_TARGET));
      long again = roundTrip(s);
      assertTrue(again < 150, "cleared: " + again + " ms");
    }
  }

  /** One byte echoed by the target through the NLB node; the time in milliseconds. */
  private static long roundTrip(Socket s) throws Exception {
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    long t0 = System.nanoTime();
    out.write('x');
    assertEquals('x', in.read());
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void aBlackholeOnTheHopMakesNewFlowsTimeOutNotRefused() throws Exception {
    api.ok(OPERATOR, "SetLinkImpairments", json("Kind", "host", "Impairments", List.of(Map.of("Type", "blackhole"))));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(nlb.nodeHost(), 7900), 2000); // accepted: the node listens
      s.setSoTimeout(1500);
      s.getOutputStream().write('x');
      org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class, () -> s.getInputStream().read());
    } finally {
      api.ok(OPERATOR, "ClearLinkImpairments", json("Kind", "host"));
    }
  }

  /** The target's health as DescribeTargetHealth shows it: state and reason. */
  private String health() {
    JsonNode h = api.ok(TOKEN_A, "DescribeTargetHealth", json("TargetGroupArn", nlb.tgArn()))
        .get("TargetHealthDescriptions").get(0).get("TargetHealth");
    return h.get("State").asText() + (h.has("Reason") ? " " + h.get("Reason").asText() : "");
  }

  private static void await(int seconds, String what, java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + seconds + " s: " + what);
      Thread.sleep(250);
    }
  }

  @Test
  void healthChecksCrossTheLinkToTheTarget() throws Exception {
    api.ok(TOKEN_A, "ModifyTargetGroup", json("TargetGroupArn", nlb.tgArn(), "HealthCheckIntervalSeconds", 5,
        "HealthCheckTimeoutSeconds", 2, "HealthyThresholdCount", 2, "UnhealthyThresholdCount", 2));
    await(30, "healthy", () -> health().equals("healthy"));
    // 1.5 s each way: the handshake's round trip (3 s) outlasts the check's timeout (2 s)
    api.ok(OPERATOR, "SetLinkImpairments", json("Link", TO_TARGET, "Impairments",
        List.of(Map.of("Type", "latency", "Attributes", Map.of("delayMs", 1500)))));
    try {
      await(30, "unhealthy by timeouts", () -> health().equals("unhealthy Target.Timeout"));
    } finally {
      api.ok(OPERATOR, "ClearLinkImpairments", json("Link", TO_TARGET));
    }
    await(30, "healthy again once cleared", () -> health().equals("healthy"));
  }

  @Test
  void badImpairmentsAreRefused() {
    assertError("InvalidParameterValue", api.call(OPERATOR, "SetLinkImpairments", json("Kind", "cross-zone",
        "Impairments", List.of(Map.of("Type", "latency", "Attributes", Map.of("delayMs", -1))))));
    assertError("InvalidParameterValue", api.call(OPERATOR, "SetLinkImpairments", json("Kind", "cross-zone",
        "Impairments", List.of(Map.of("Type", "teleport")))));
    assertError("InvalidParameterValue", api.call(OPERATOR, "SetLinkImpairments", json("Kind", "cross-zone",
        "Impairments", List.of(Map.of("Type", "latency", "Attributes", Map.of("delayMs", 5, "jitterMs", 9,
            "distribution", "uniform"))))));
    assertError("InvalidParameterCombination", api.call(OPERATOR, "SetLinkImpairments", json("Kind", "cross-zone",
        "Link", TO_TARGET, "Impairments", List.of())));
    assertError("InvalidParameterValue", api.call(OPERATOR, "SetLinkImpairments", json("Link",
        Map.of("From", "mars", "To", "host"), "Impairments", List.of())));
    assertError("UnauthorizedOperation", api.call(TOKEN_A, "DescribeLinks", ""));
  }
}
