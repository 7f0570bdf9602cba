package plemu.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import plemu.controlplane.AwsError;
import plemu.controlplane.AwsException;
import plemu.controlplane.Desired;
import plemu.controlplane.Mutation;
import plemu.controlplane.WriterProtocol;
import plemu.model.ApiToken;
import plemu.state.ReplicatedState;

/**
 * {@code POST /v1/<Action>} with a JSON body in AWS member names; {@code Authorization: Bearer <token>}
 * names the calling account (or the operator). Errors are {@code {"Error":{"Code","Message"}}} with
 * the AWS code and a fitting HTTP status. {@code GET /health} answers without a token.
 */
public final class ApiRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private final ActorSystem<?> system;
  private final ReplicatedState state;
  private final ActorRef<WriterProtocol.Command> writer;
  private final String region;
  /** The port of the VPC resolvers, for DescribeVpcs. */
  private final int dnsPort;
  /** The live events of GET /v1/events. */
  private final plemu.events.EventStream events;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final Map<String, ApiCall.Action> actions = new HashMap<>();

  public ApiRoutes(ActorSystem<?> system, ActorRef<WriterProtocol.Command> writer, String region,
      Duration readTimeout, Duration writeTimeout, int dnsPort, plemu.events.EventStream events) {
    this.system = system;
    this.dnsPort = dnsPort;
    this.events = events;
    this.state = new ReplicatedState(system);
    this.writer = writer;
    this.region = region;
    this.readTimeout = readTimeout;
    this.writeTimeout = writeTimeout;
    VpcApi.register(actions);
    HostedZoneApi.register(actions);
    EndpointConnectionApi.register(actions);
    SnsApi.register(actions);
    ConnectionNotificationApi.register(actions);
    SubnetApi.register(actions);
    SecurityGroupApi.register(actions);
    ZoneApi.register(actions);
    NetworkInterfaceApi.register(actions);
    LoadBalancerApi.register(actions);
    TargetGroupApi.register(actions);
    EndpointApi.register(actions);
    InstanceApi.register(actions);
    TargetHealthApi.register(actions);
    EmulatorApi.register(actions);
    DataPlaneCountersApi.register(actions);
  }

  public Route routes() {
    return concat(
        path("health", () -> get(this::health)),
        path(PathMatchers.segment("v1").slash("events"), () -> get(() -> extractRequest(this::events))),
        pathPrefix("v1", () -> path(PathMatchers.segment(), action -> post(() ->
            extractRequest(request -> entity(Unmarshaller.entityToString(), body ->
                completeWithFuture(handle(action, request, body))))))));
  }

  /**
   * GET /v1/events: server-sent events from now on; the operator gets every event, an account the
   * events of its own resources (its endpoints, its services' connections, its target groups).
   */
  private Route events(HttpRequest request) {
    return onSuccess(state.readLocal(readTimeout), desired -> {
      ApiToken principal;
      try {
        principal = authenticate(request, desired);
      } catch (plemu.controlplane.AwsException e) {
        return complete(error("events", e, UUID.randomUUID().toString()));
      }
      return complete(HttpResponse.create().withEntity(org.apache.pekko.http.javadsl.model.HttpEntities.create(
          org.apache.pekko.http.javadsl.model.ContentTypes.parse("text/event-stream"),
          events.eventsFor(principal.isOperator() ? null : principal.accountId())))
          .addHeader(org.apache.pekko.http.javadsl.model.headers.CacheControl.create(
              org.apache.pekko.http.javadsl.model.headers.CacheDirectives.NO_CACHE)));
    });
  }

  /**
   * GET /health: {@code ok} once this node is an Up member of the cluster and its replica holds its
   * region (a scenario was applied, so accounts and tokens exist); 503 with the reason before.
   */
  private Route health() {
    if (!isUp()) return complete(StatusCodes.SERVICE_UNAVAILABLE, "joining the cluster\n");
    return onSuccess(state.readLocal(readTimeout), desired -> desired.regions().containsKey(region)
        ? complete("ok\n")
        : complete(StatusCodes.SERVICE_UNAVAILABLE, "waiting for a scenario that defines " + region + "\n"));
  }

  /** Ready: this node is an Up member of the cluster. */
  private boolean isUp() {
    return org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().status()
        == org.apache.pekko.cluster.MemberStatus.up();
  }

  private CompletionStage<HttpResponse> handle(String actionName, HttpRequest request, String body) {
    String requestId = UUID.randomUUID().toString();
    return state.readLocal(readTimeout)
        .thenCompose(desired -> dispatch(actionName, request, body, desired))
        .handle((json, failure) -> failure == null ? ok(json, requestId) : error(actionName, failure, requestId));
  }

  private CompletionStage<JsonNode> dispatch(String actionName, HttpRequest request, String body, Desired desired) {
    ApiToken principal = authenticate(request, desired);
    ApiCall.Action action = actions.get(actionName);
    if (action == null)
      throw AwsError.badRequest("InvalidAction", "The action " + actionName + " is not valid for this web service.").exception();
    if (action.access() == ApiCall.Access.OPERATOR && !principal.isOperator())
      throw new AwsError("UnauthorizedOperation", "You are not authorized to perform this operation: "
          + actionName + " needs the operator token.", 403).exception();
    if (action.access() == ApiCall.Access.ACCOUNT && principal.isOperator())
      throw new AwsError("UnauthorizedOperation", "You are not authorized to perform this operation: "
          + actionName + " is an account action; call it with an account's token.", 403).exception();
    Params params = new Params(parseBody(request, body));
    if (params.dryRun())
      throw new AwsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412).exception();
    return action.handler().handle(new ApiCall(params, principal, desired, region, this::submit,
        () -> state.readLocal(readTimeout), system, dnsPort));
  }

  private static ApiToken authenticate(HttpRequest request, Desired desired) {
    String header = request.getHeader("Authorization").map(h -> h.value()).orElse(null);
    if (header == null || !header.startsWith("Bearer "))
      throw new AwsError("AuthFailure", "Missing credentials: send 'Authorization: Bearer <token>'.", 401).exception();
    ApiToken token = desired.tokens().get(header.substring("Bearer ".length()).trim());
    if (token == null) throw new AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401).exception();
    return token;
  }

  private static ObjectNode parseBody(HttpRequest request, String body) {
    String subtype = request.entity().getContentType().mediaType().subType();
    if (subtype.contains("yaml")) return JsonNodeFactory.instance.objectNode().put("Scenario", body);
    if (body.isBlank()) return JsonNodeFactory.instance.objectNode();
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject())
        throw AwsError.badRequest("SerializationException", "The request body must be a JSON object").exception();
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw AwsError.badRequest("SerializationException", "Malformed JSON body: " + e.getOriginalMessage()).exception();
    }
  }

  private CompletionStage<Object> submit(Mutation mutation) {
    CompletionStage<WriterProtocol.Reply> reply = AskPattern.ask(writer,
        replyTo -> new WriterProtocol.Apply(mutation, replyTo), writeTimeout.plusSeconds(2), system.scheduler());
    return reply.thenApply(r -> {
      if (r instanceof WriterProtocol.Refused refused) throw refused.error().exception();
      return ((WriterProtocol.Accepted) r).result();
    });
  }

  private static HttpResponse ok(JsonNode json, String requestId) {
    return HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .addHeader(RawHeader.create("x-amzn-RequestId", requestId))
        .withEntity(ContentTypes.APPLICATION_JSON, bytes(json));
  }

  private HttpResponse error(String action, Throwable failure, String requestId) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    AwsError error;
    if (cause instanceof AwsException aws) error = aws.error();
    else if (cause instanceof java.util.concurrent.TimeoutException)
      error = new AwsError("ServiceUnavailable", "The control plane did not answer in time; retry the request.", 503);
    else {
      log.error("{} failed", action, cause);
      error = new AwsError("InternalError", "An internal error has occurred: " + cause, 500);
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("Error").put("Code", error.code()).put("Message", error.message());
    body.put("RequestId", requestId);
    return HttpResponse.create()
        .withStatus(StatusCodes.get(error.httpStatus()))
        .addHeader(RawHeader.create("x-amzn-RequestId", requestId))
        .withEntity(ContentTypes.APPLICATION_JSON, bytes(body));
  }

  private static byte[] bytes(JsonNode json) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
