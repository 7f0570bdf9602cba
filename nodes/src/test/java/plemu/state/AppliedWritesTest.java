package plemu.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.OPERATOR;
import static plemu.testing.TestClusters.TOKEN_A;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A write is applied whole: once the API answered CreateListener (it waits until every reachable
 * node applied the write), a connection to the NLB node at once finds the listener, its target group
 * and its targets, every time.
 */
class AppliedWritesTest extends ClusterTestBase {
  static final int ROUNDS = 200;
  NlbInAz1 nlb;

  @BeforeAll
  void nlbInAz1WithAnOnPremisesTarget() throws Exception {
    nlb = NlbInAz1.create(api, TOKEN_A, "applied");
  }

  @AfterAll
  void stopTarget() throws IOException {
    if (nlb != null) nlb.close();
  }

  @Test
  void aNewListenerServesTheMomentItsCreateIsAnswered() throws Exception {
    String previous = null;
    long lastVersion = 0;
    for (int i = 0; i < ROUNDS; i++) {
      int port = 21000 + i;
      ApiClient.Response created = nlb.createListener(api, TOKEN_A, port);
      assertEquals(200, created.status(), created.toString());
      assertEquals("all", created.headers().firstValue("X-Plemu-State-Applied").orElse(null), "round " + i);
      assertTrue(created.stateVersion() > lastVersion, "each write has a newer version");
      lastVersion = created.stateVersion();
      EchoServer.assertEchoesThrough(nlb.nodeHost(), port, "round " + i);
      if (previous != null) api.ok(TOKEN_A, "DeleteListener", json("ListenerArn", previous));
      previous = created.body().get("Listeners").get(0).get("ListenerArn").asText();
    }
  }

  @Test
  void everyNodeReportsTheVersionItApplied() {
    ApiClient.Response r = api.call(TOKEN_A, "CreateTopic", json("Name", "applied-versions"));
    long version = r.stateVersion();
    JsonNode members = api.ok(OPERATOR, "DescribeClusterMembers", "").get("Members");
    assertEquals(4, members.size());
    for (JsonNode m : members)
      assertTrue(m.get("AppliedStateVersion").asLong() >= version, m.toString());
  }

}
