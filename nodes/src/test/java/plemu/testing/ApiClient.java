package plemu.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A real HTTP client for the plemu API, as a user's script would call it. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public ApiClient(InetSocketAddress api) {
    this.base = "http://" + api.getHostString() + ":" + api.getPort();
  }

  /** {@code http://host:port} of the API. */
  public String base() {
    return base;
  }

  /** One call's answer: HTTP status, the JSON body and the headers. */
  public record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    /** The version of the desired state the answer reflects ({@code X-Plemu-State-Version}). */
    public long stateVersion() {
      return Long.parseLong(headers.firstValue("X-Plemu-State-Version").orElseThrow(
          () -> new AssertionError("no X-Plemu-State-Version in " + this)));
    }

    public String errorCode() {
      return body.path("Error").path("Code").asText(null);
    }

    public String errorMessage() {
      return body.path("Error").path("Message").asText(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** POST /v1/{action} with a JSON body (a JSON string; "" for none), as {@code token} (null: no header). */
  public Response call(String token, String action, String json) {
    return send(token, action, json, "application/json");
  }

  public Response send(String token, String action, String body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/" + action))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()), r.headers());
    } catch (Exception e) {
      throw new IllegalStateException("calling " + action + " failed", e);
    }
  }

  /**
   * Waits (up to {@code within}) until the control plane takes writes again, after a restart of the
   * region's node: its writer first catches up with a majority and answers 503 meanwhile. Probes with
   * CreateTopic, which is idempotent.
   */
  public void awaitWritable(String token, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Response r;
    while ((r = call(token, "CreateTopic", json("Name", "plemu-writable-probe"))).status() == 503
        && System.nanoTime() < deadline)
      Thread.sleep(200);
    if (r.status() != 200) throw new AssertionError("the control plane takes no writes within " + within + ": " + r);
  }

  /** A call that must succeed; returns its body. */
  public JsonNode ok(String token, String action, String json) {
    Response r = call(token, action, json);
    if (r.status() != 200) throw new AssertionError(action + " " + json + " -> " + r);
    return r.body();
  }

  /**
   * Creates an endpoint service for {@code nlbArn} (with {@code ownerToken}) that {@code consumer}
   * (an account id) may use; returns its ServiceConfiguration.
   */
  public JsonNode serviceFor(String ownerToken, String nlbArn, String consumer) {
    JsonNode svc = ok(ownerToken, "CreateVpcEndpointServiceConfiguration", json("NetworkLoadBalancerArns", List.of(nlbArn),
        "AcceptanceRequired", false)).get("ServiceConfiguration");
    ok(ownerToken, "ModifyVpcEndpointServicePermissions", json("ServiceId", svc.get("ServiceId").asText(),
        "AddAllowedPrincipals", List.of("arn:aws:iam::" + consumer + ":root")));
    return svc;
  }

  /** A VPC (10.0.0.0/16) of {@code token}'s account with one subnet (10.0.1.0/24) in use1-az1; returns the subnet. */
  public String subnetInAz1(String token) {
    String vpc = ok(token, "CreateVpc", json("CidrBlock", "10.0.0.0/16")).get("Vpc").get("VpcId").asText();
    return ok(token, "CreateSubnet", json("VpcId", vpc, "CidrBlock", "10.0.1.0/24", "AvailabilityZoneId", "use1-az1"))
        .get("Subnet").get("SubnetId").asText();
  }

  /** An NLB named {@code name} with one node, in a new VPC's subnet in use1-az1; returns its ARN. */
  public String nlbInAz1(String token, String name) {
    return ok(token, "CreateLoadBalancer", json("Name", name, "Type", "network", "Scheme", "internal",
        "Subnets", List.of(subnetInAz1(token)))).get("LoadBalancers").get(0).get("LoadBalancerArn").asText();
  }

  /** An interface endpoint to {@code serviceName} in a new VPC's subnet in use1-az1; returns its id. */
  public String endpointInAz1(String token, String serviceName) {
    String subnet = subnetInAz1(token);
    String vpc = ok(token, "DescribeSubnets", json("SubnetIds", List.of(subnet))).get("Subnets").get(0).get("VpcId")
        .asText();
    return ok(token, "CreateVpcEndpoint", json("VpcEndpointType", "Interface", "VpcId", vpc, "ServiceName", serviceName,
        "SubnetIds", List.of(subnet))).get("VpcEndpoint").get("VpcEndpointId").asText();
  }

  /** The call was refused with {@code code}, a 4xx status and a message. */
  public static void assertError(String code, Response r) {
    if (!code.equals(r.errorCode())) throw new AssertionError("expected " + code + " but got " + r);
    if (r.status() < 400 || r.status() >= 500) throw new AssertionError("status " + r.status() + " for " + r);
    if (r.errorMessage() == null || r.errorMessage().isEmpty()) throw new AssertionError("no message in " + r);
  }

  public static String json(Object... keyValues) {
    var node = JSON.createObjectNode();
    for (int i = 0; i < keyValues.length; i += 2) node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
    return node.toString();
  }
}
