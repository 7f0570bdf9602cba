package plemu.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.OPERATOR;
import static plemu.testing.TestClusters.TOKEN_A;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;
import plemu.testing.EchoServer;
import plemu.testing.NlbInAz1;

/**
 * With {@code plemu.api.await-applied = this-node} the API answers as soon as its own node has a
 * write; a client that needs an AZ node to serve it waits until that node reports the write's version
 * applied (DescribeClusterMembers), and then the flow is relayed, every time, without a retry.
 */
class AppliedOnThisNodeTest extends ClusterTestBase {
  static final int ROUNDS = 100;
  NlbInAz1 nlb;

  @Override
  protected Config overrides() {
    return ConfigFactory.parseString("plemu.api.await-applied = this-node");
  }

  @BeforeAll
  void nlbInAz1WithAnOnPremisesTarget() throws Exception {
    nlb = NlbInAz1.create(api, TOKEN_A, "local");
  }

  @AfterAll
  void stopTarget() throws IOException {
    if (nlb != null) nlb.close();
  }

  @Test
  void aListenerServesOnceItsAzNodeReportsTheWritesVersion() throws Exception {
    for (int i = 0; i < ROUNDS; i++) {
      int port = 22000 + i;
      ApiClient.Response created = nlb.createListener(api, TOKEN_A, port);
      assertEquals(200, created.status(), created.toString());
      assertEquals("local", created.headers().firstValue("X-Plemu-State-Applied").orElse(null));
      awaitApplied("use1-az1", created.stateVersion());
      EchoServer.assertEchoesThrough(nlb.nodeHost(), port, "round " + i);
      api.ok(TOKEN_A, "DeleteListener", json("ListenerArn", created.body().get("Listeners").get(0).get("ListenerArn").asText()));
    }
  }

  private void awaitApplied(String node, long version) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (JsonNode m : api.ok(OPERATOR, "DescribeClusterMembers", "").get("Members"))
        if (m.get("NodeName").asText().equals(node) && m.path("AppliedStateVersion").asLong(-1) >= version) return;
      Thread.sleep(5);
    }
    throw new AssertionError(node + " did not apply version " + version + " in time");
  }
}
