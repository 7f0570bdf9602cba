package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.OPERATOR;
import static plemu.testing.TestClusters.TOKEN_A;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;
import plemu.testing.EchoServer;
import plemu.testing.NlbInAz1;
import plemu.testing.SseReader;

/**
 * When an NLB node's actor fails, its supervisor starts it again: the API shows the failure on the
 * node's network interface (DataPlaneStatus), the event stream says so, and the node relays again.
 */
class DataPlaneStatusTest extends ClusterTestBase {
  NlbInAz1 nlb;
  String nodeEni;

  @BeforeAll
  void nlbWithAListener() throws Exception {
    nlb = NlbInAz1.create(api, TOKEN_A, "status");
    assertEquals(200, nlb.createListener(api, TOKEN_A, 7800).status());
    nodeEni = api.ok(TOKEN_A, "DescribeNetworkInterfaces", json("Filters", List.of(java.util.Map.of("Name",
        "interface-type", "Values", List.of("network_load_balancer"))))).get("NetworkInterfaces").get(0)
        .get("NetworkInterfaceId").asText();
  }

  @AfterAll
  void stopTarget() throws Exception {
    if (nlb != null) nlb.close();
  }

  private JsonNode status() {
    return api.ok(TOKEN_A, "DescribeNetworkInterfaces", json("NetworkInterfaceIds", List.of(nodeEni)))
        .get("NetworkInterfaces").get(0).path("DataPlaneStatus");
  }

  @Test
  void aFailedNlbNodeIsRestartedAndTheApiAndEventsSaySo() throws Exception {
    awaitTrue(() -> status().path("Status").asText().equals("serving"));
    assertEquals(0, status().get("Restarts").asInt());
    var az1 = cluster.node("use1-az1");
    try (SseReader events = new SseReader(api.base(), OPERATOR)) {
      Boolean found = AskPattern.<ZoneGuardian.Command, Boolean>ask(az1.zoneGuardian().orElseThrow(),
          replyTo -> new ZoneGuardian.Tell(nodeEni, new DataPlaneEntity.Crash("told to crash"), replyTo),
          Duration.ofSeconds(3), az1.system().scheduler()).toCompletableFuture().get();
      assertTrue(found);
      // the event stream tells the restart (the moment it was down may be folded into it)
      SseReader.Event restarted = events.await(e -> e.type().equals("DataPlaneStatus")
          && e.data().path("Detail").path("Restarts").asText().equals("1"), Duration.ofSeconds(10));
      assertTrue(restarted != null, "no DataPlaneStatus event with Restarts 1");
      assertEquals(nodeEni, restarted.data().get("Detail").get("Id").asText());
      assertTrue(restarted.data().get("Detail").get("StatusReason").asText().contains("told to crash"),
          restarted.data().toString());
    }
    awaitTrue(() -> status().path("Restarts").asInt() == 1 && status().path("Status").asText().equals("serving"));
    assertTrue(status().get("StatusReason").asText().contains("told to crash"), status().toString());
    awaitTrue(() -> {
      try {
        EchoServer.assertEchoesThrough(nlb.nodeHost(), 7800, "after the restart");
        return true;
      } catch (Exception | AssertionError notYet) {
        return false;
      }
    });
  }

  private static void awaitTrue(java.util.function.BooleanSupplier check) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not true within 15 s");
      Thread.sleep(100);
    }
  }

}
