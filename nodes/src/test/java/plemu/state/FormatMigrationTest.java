package plemu.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import plemu.launcher.EmbeddedCluster;
import plemu.scenario.Scenario;
import plemu.scenario.ScenarioFiles;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;

/**
 * A data directory written by state format 8 (the fixture: config/scenarios/saas.yaml plus the API
 * writes of format-8-writes.sh, by plemu c334138) starts with this plemu: the writer migrates it,
 * every resource is there with its ids, the data plane serves it, and it survives another restart
 * in the new format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogCapturingExtension.class)
class FormatMigrationTest {
  static final String PROVIDER = "dev-provider";
  static final String CONSUMER = "dev-consumer";

  private Path dataDir;
  private EmbeddedCluster cluster;

  @AfterAll
  void cleanUp() throws Exception {
    if (cluster != null) cluster.close();
    ClusterTestBase.deleteRecursively(dataDir);
  }

  private EmbeddedCluster start(Scenario scenario) throws Exception {
    var defaults = EmbeddedCluster.Options.defaults(dataDir, 0);
    return EmbeddedCluster.start(scenario, new EmbeddedCluster.Options(dataDir, defaults.apiHost(), 0, defaults.base()),
        Duration.ofSeconds(60));
  }

  @Test
  void aFormat8DataDirectoryIsMigratedAndKeepsEverything() throws Exception {
    dataDir = Files.createTempDirectory("plemu-format8");
    copy(Path.of("src/test/resources/state-fixtures/format-8"), dataDir);
    Scenario saas = ScenarioFiles.load(Path.of("../config/scenarios/saas.yaml"));
    cluster = start(saas);
    assertEquals(0, cluster.initial().created().size(), "the scenario found everything it describes");
    ApiClient api = new ApiClient(cluster.apiAddress());
    String lbArn = assertFixtureThere(api);

    // the client token of the fixture's service still names it: the same request creates nothing
    JsonNode again = api.ok(PROVIDER, "CreateVpcEndpointServiceConfiguration", json("NetworkLoadBalancerArns",
        List.of(lbArn), "AcceptanceRequired", true, "PrivateDnsName", "fixture.example.com", "ClientToken", "fx-svc-1"));
    assertEquals(2, api.ok(PROVIDER, "DescribeVpcEndpointServiceConfigurations", "").get("ServiceConfigurations").size());
    assertEquals("fx-svc-1", again.get("ClientToken").asText());

    // the data plane serves the migrated world: a customer's endpoint reaches the provider's app
    String endpoint = api.ok(CONSUMER, "DescribeVpcEndpoints", json("Filters", List.of(json2("vpc-endpoint-state",
        "available")))).get("VpcEndpoints").get(0).get("NetworkInterfaceIds").get(0).asText();
    String host = api.ok(CONSUMER, "DescribeNetworkInterfaces", json("NetworkInterfaceIds", List.of(endpoint)))
        .get("NetworkInterfaces").get(0).get("HostAddress").asText();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host + ":8080/"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"peerInterfaceType\":\"network_load_balancer\""), r.body());

    // written again in the new format: a full restart keeps it, with no old tables left to migrate
    cluster.close();
    try (Stream<Path> nodes = Files.list(dataDir)) {
      for (Path node : nodes.toList())
        assertEquals("plemu-state " + StateFormat.VERSION, Files.readString(node.resolve("FORMAT")).trim(), node.toString());
    }
    cluster = start(saas);
    assertFixtureThere(new ApiClient(cluster.apiAddress()));
  }

  /** Every kind of resource the fixture holds; returns the fixture NLB's ARN. */
  private static String assertFixtureThere(ApiClient api) {
    JsonNode vpc = api.ok(PROVIDER, "DescribeVpcs", json("Filters", List.of(json2("tag:Name", "fixture-vpc"))))
        .get("Vpcs").get(0);
    assertEquals("10.9.0.0/16", vpc.get("CidrBlock").asText());
    String vpcId = vpc.get("VpcId").asText();
    assertEquals(2, api.ok(PROVIDER, "DescribeSubnets", json("Filters", List.of(json2("vpc-id", vpcId))))
        .get("Subnets").size());
    JsonNode group = api.ok(PROVIDER, "DescribeSecurityGroups", json("Filters", List.of(json2("group-name", "fx"))))
        .get("SecurityGroups").get(0);
    assertEquals(7000, group.get("IpPermissions").get(0).get("FromPort").asInt());
    JsonNode lb = api.ok(PROVIDER, "DescribeLoadBalancers", json("Names", List.of("fx-nlb"))).get("LoadBalancers").get(0);
    String lbArn = lb.get("LoadBalancerArn").asText();
    JsonNode listener = api.ok(PROVIDER, "DescribeListeners", json("LoadBalancerArn", lbArn)).get("Listeners").get(0);
    assertEquals(7001, listener.get("Port").asInt());
    JsonNode idle = api.ok(PROVIDER, "DescribeListenerAttributes", json("ListenerArn", listener.get("ListenerArn").asText()))
        .get("Attributes");
    assertTrue(idle.toString().contains("\"Value\":\"120\""), idle.toString());
    JsonNode tg = api.ok(PROVIDER, "DescribeTargetGroups", json("Names", List.of("fx-tg"))).get("TargetGroups").get(0);
    assertEquals(1, api.ok(PROVIDER, "DescribeTargetHealth", json("TargetGroupArn", tg.get("TargetGroupArn").asText()))
        .get("TargetHealthDescriptions").size());
    JsonNode services = api.ok(PROVIDER, "DescribeVpcEndpointServiceConfigurations", "").get("ServiceConfigurations");
    assertEquals(2, services.size());
    assertTrue(services.toString().contains("fixture.example.com"), services.toString());
    assertEquals(2, api.ok(CONSUMER, "DescribeVpcEndpoints", "").get("VpcEndpoints").size());
    assertTrue(api.ok(PROVIDER, "ListHostedZones", "").toString().contains("example.com."));
    assertTrue(api.ok(PROVIDER, "ListTopics", "").toString().contains("fx-topic"));
    assertEquals(1, api.ok(PROVIDER, "DescribeVpcEndpointConnectionNotifications", "").get("ConnectionNotificationSet")
        .size());
    JsonNode echo = api.ok(PROVIDER, "DescribeInstances", json("Filters", List.of(json2("image-id", "plemu-echo"))));
    assertTrue(echo.toString().contains("\"running\""), echo.toString());
    return lbArn;
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode json2(String name, String value) {
    var o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    o.put("Name", name).putArray("Values").add(value);
    return o;
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
