package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static plemu.api.VpcApiTest.assertError;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.OPERATOR;
import static plemu.testing.TestClusters.TOKEN_A;

import java.util.List;
import org.junit.jupiter.api.Test;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;

class AccessAndErrorsTest extends ClusterTestBase {

  @Test
  void noTokenOrAWrongTokenIs401() {
    ApiClient.Response none = api.call(null, "DescribeVpcs", "");
    assertEquals(401, none.status());
    assertEquals("AuthFailure", none.errorCode());
    assertNotNull(none.body().get("RequestId"));
    ApiClient.Response wrong = api.call("not-a-token", "DescribeVpcs", "");
    assertEquals(401, wrong.status());
    assertEquals("AuthFailure", wrong.errorCode());
  }

  @Test
  void operatorActionsNeedTheOperatorToken() {
    ApiClient.Response r = api.call(TOKEN_A, "DescribeClusterMembers", "");
    assertEquals(403, r.status());
    assertEquals("UnauthorizedOperation", r.errorCode());
    assertEquals(403, api.call(TOKEN_A, "ApplyScenario", json("Scenario", "name: x")).status());
    // and account actions need an account
    assertEquals(403, api.call(OPERATOR, "DescribeVpcs", "").status());
  }

  @Test
  void unknownActionMalformedJsonAndUnknownParameters() {
    ApiClient.Response unknown = api.call(TOKEN_A, "CreateSpaceship", "{}");
    assertEquals(400, unknown.status());
    assertEquals("InvalidAction", unknown.errorCode());
    assertError("SerializationException", api.call(TOKEN_A, "CreateVpc", "{\"CidrBlock\": "));
    assertError("SerializationException", api.call(TOKEN_A, "CreateVpc", "[1,2]"));
    assertError("UnknownParameter", api.call(TOKEN_A, "CreateVpc", json("CidrBlok", "10.0.0.0/16")));
    assertError("InvalidParameterValue", api.call(TOKEN_A, "DescribeVpcs", json("VpcIds", "vpc-1")));
    // none of the refused calls created anything
    assertEquals(0, api.ok(TOKEN_A, "DescribeVpcs", "").get("Vpcs").size());
  }

  @Test
  void dryRunChangesNothing() {
    ApiClient.Response r = api.call(TOKEN_A, "CreateVpc", json("CidrBlock", "10.0.0.0/16", "DryRun", true));
    assertEquals(412, r.status());
    assertEquals("DryRunOperation", r.errorCode());
    assertEquals(0, api.ok(TOKEN_A, "DescribeVpcs", json("Filters",
        List.of(java.util.Map.of("Name", "cidr", "Values", List.of("10.0.0.0/16"))))).get("Vpcs").size());
  }

  @Test
  void getIsNotAnAction() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var addr = cluster.apiAddress();
    var health = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + addr.getPort() + "/health")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
    var get = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + addr.getPort() + "/v1/DescribeVpcs")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());
  }
}
