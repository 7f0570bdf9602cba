package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.TestClusters.TOKEN_A;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import plemu.testing.ClusterTestBase;
import plemu.testing.RawHttp;

/** Whatever reaches the API port, the answer is an AWS-style JSON error with a fitting status. */
class ApiEdgeTest extends ClusterTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BODY_LIMIT = 64 * 1024;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  protected Config overrides() {
    return ConfigFactory.parseString("pekko.http.server.parsing.max-content-length = " + BODY_LIMIT);
  }

  /** One answer as a user sees it: status, content type, request id header, body. */
  private record Answer(int status, String contentType, String requestIdHeader, String allow, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  private Answer send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) b.headers(headers);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
        r.headers().firstValue("x-amzn-RequestId").orElse(null), r.headers().firstValue("Allow").orElse(null), r.body());
  }

  /** An AWS-style error: JSON, the status and code, a message, the request id in the header and the body. */
  private static JsonNode assertAwsError(int status, String code, Answer a) throws Exception {
    String what = a.status() + " " + a.contentType() + " " + a.body();
    assertEquals(status, a.status(), what);
    assertEquals("application/json", a.contentType(), what);
    JsonNode body = a.json();
    assertEquals(code, body.path("Error").path("Code").asText(), what);
    assertFalse(body.path("Error").path("Message").asText().isBlank(), what);
    assertEquals(a.requestIdHeader(), body.path("RequestId").asText(), what);
    return body;
  }

  private static void assertAwsError(int status, String code, RawHttp.Response r) throws Exception {
    assertAwsError(status, code, new Answer(r.status(), r.header("Content-Type"), r.header("x-amzn-RequestId"),
        r.header("Allow"), r.body()));
  }

  @Test
  void aWrongMethodIs405WithAllow() throws Exception {
    for (String method : List.of("GET", "PUT", "DELETE", "OPTIONS", "PATCH")) {
      Answer a = send(method, "/v1/DescribeVpcs", null, "Authorization", "Bearer " + TOKEN_A);
      assertAwsError(405, "MethodNotAllowed", a);
      assertEquals("POST", a.allow(), method);
    }
    Answer health = send("POST", "/health", "");
    assertAwsError(405, "MethodNotAllowed", health);
    assertEquals("GET", health.allow());
    Answer events = send("DELETE", "/v1/events", null);
    assertAwsError(405, "MethodNotAllowed", events);
    assertTrue(events.allow().contains("GET"), events.allow());
  }

  @Test
  void headGetsTheErrorStatusAndHeadersWithoutABody() throws Exception {
    for (String path : List.of("/v1/DescribeVpcs", "/health", "/v1/events")) {
      Answer a = send("HEAD", path, null);
      assertEquals(405, a.status(), path);
      assertEquals("application/json", a.contentType(), path);
      assertTrue(a.requestIdHeader() != null && !a.requestIdHeader().isEmpty(), path);
    }
    assertEquals(400, send("HEAD", "/nowhere", null).status());
  }

  @Test
  void pathsWithoutAnActionAreMissingAction() throws Exception {
    for (String path : List.of("/", "/v1", "/v1/"))
      for (String method : List.of("GET", "POST", "PUT"))
        assertAwsError(400, "MissingAction", send(method, path, "", "Authorization", "Bearer " + TOKEN_A));
  }

  @Test
  void unknownPathsAreInvalidAction() throws Exception {
    for (String path : List.of("/v1/DescribeVpcs/extra", "/v2/DescribeVpcs", "/DescribeVpcs", "/v1/a/b/c", "/health/x"))
      for (String method : List.of("GET", "POST", "DELETE"))
        assertAwsError(400, "InvalidAction", send(method, path, "{}", "Authorization", "Bearer " + TOKEN_A));
    JsonNode body = assertAwsError(400, "InvalidAction", send("POST", "/v1/DescribeVpcs/extra", "{}"));
    assertTrue(body.path("Error").path("Message").asText().contains("DescribeVpcs/extra"), body.toString());
  }

  @Test
  void aVeryLongActionNameIsInvalidAction() throws Exception {
    String name = "X".repeat(8_000);
    JsonNode body = assertAwsError(400, "InvalidAction",
        send("POST", "/v1/" + name, "{}", "Authorization", "Bearer " + TOKEN_A));
    assertTrue(body.path("Error").path("Message").asText().length() < 400, "the message does not echo 8,000 characters");
  }

  @Test
  void aTooLongUriIs414() throws Exception {
    assertAwsError(414, "URITooLong", send("POST", "/v1/" + "X".repeat(10_000), "{}"));
    assertAwsError(414, "URITooLong", send("GET", "/health?" + "a".repeat(10_000), null));
  }

  @Test
  void aHugeHeaderIs431() throws Exception {
    assertAwsError(431, "RequestHeaderFieldsTooLarge",
        send("POST", "/v1/DescribeVpcs", "{}", "Authorization", "Bearer " + TOKEN_A, "X-Big", "b".repeat(20_000)));
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    assertAwsError(413, "ContentTooLarge", send("POST", "/v1/CreateVpc", "{\"CidrBlock\":\"" + "1".repeat(BODY_LIMIT * 2)
        + "\"}", "Authorization", "Bearer " + TOKEN_A, "Content-Type", "application/json"));
    // and the API still answers
    assertEquals(200, api.call(TOKEN_A, "DescribeVpcs", "").status());
  }

  @Test
  void bodiesThatAreNotAJsonObjectAreSerializationException() throws Exception {
    for (String body : List.of("not json", "[1,2]", "\"text\"", "{\"a\":"))
      assertAwsError(400, "SerializationException", send("POST", "/v1/DescribeVpcs", body,
          "Authorization", "Bearer " + TOKEN_A, "Content-Type", "application/json"));
  }

  @Test
  void requestsPekkoCannotParseGetJsonErrors() throws Exception {
    var addr = cluster.apiAddress();
    assertAwsError(400, "BadRequest", RawHttp.send(addr, "GARBAGE\r\n\r\n"));
    assertAwsError(400, "BadRequest", RawHttp.send(addr, "POST /v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertAwsError(501, "NotImplemented", RawHttp.send(addr, "FROB /v1/DescribeVpcs HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertAwsError(505, "HTTPVersionNotSupported", RawHttp.send(addr, "POST /v1/DescribeVpcs HTTP/9.9\r\nHost: x\r\n\r\n"));
    assertAwsError(505, "HTTPVersionNotSupported", RawHttp.send(addr, "POST /v1/Describe Vpcs HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertAwsError(400, "BadRequest", RawHttp.send(addr, "POST /v1/DescribeVpcs HTTP/1.1\r\n\r\n"));
    assertAwsError(400, "BadRequest", RawHttp.send(addr, "CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n"));
    for (String header : List.of("broken header line", "Content-Length: ten", "Content-Length: 2\r\nContent-Length: 3",
        "Host: y", "Transfer-Encoding: chunked\r\n\r\nzz"))
      assertAwsError(400, "BadRequest", RawHttp.send(addr,
          "POST /v1/DescribeVpcs HTTP/1.1\r\nHost: x\r\n" + header + "\r\n\r\n"));
    StringBuilder many = new StringBuilder("POST /v1/DescribeVpcs HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 100; i++) many.append("X-H").append(i).append(": v\r\n");
    assertAwsError(400, "BadRequest", RawHttp.send(addr, many.append("\r\n").toString()));
    // a valid request through the same client is answered as usual
    RawHttp.Response ok = RawHttp.send(addr, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals(200, ok.status());
  }

  @Test
  void validCallsAndHealthStillAnswerAsBefore() throws Exception {
    Answer health = send("GET", "/health", null);
    assertEquals(200, health.status());
    assertEquals("ok\n", health.body());
    Answer vpcs = send("POST", "/v1/DescribeVpcs", "{}", "Authorization", "Bearer " + TOKEN_A);
    assertEquals(200, vpcs.status());
    assertTrue(vpcs.json().has("Vpcs"));
    assertAwsError(401, "AuthFailure", send("POST", "/v1/DescribeVpcs", "{}"));
  }
}
