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
import plemu.api.model.AwsModels;
import plemu.api.model.RequestValidator;
import plemu.controlplane.AwsError;
import plemu.controlplane.AwsException;
import plemu.controlplane.Desired;
import plemu.controlplane.Mutation;
import plemu.controlplane.WriterProtocol;
import plemu.model.ApiToken;
import plemu.state.StateAccess;

/**
 * {@code POST /v1/<Action>} with a JSON body in AWS member names; {@code Authorization: Bearer <token>}
 * names the calling account (or the operator). Errors are {@code {"Error":{"Code","Message"}}} with
 * the AWS code and a fitting HTTP status. {@code GET /health} answers without a token.
 */
public final class ApiRoutes extends AllDirectives {
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private final ActorSystem<?> system;
  private final StateAccess state;
  private final ActorRef<WriterProtocol.Command> writer;
  private final String region;
  /** The port of the VPC resolvers, for DescribeVpcs. */
  private final int dnsPort;
  /** The live events of GET /v1/events. */
  private final plemu.events.EventStream events;
  private final Duration writeTimeout;
  /** After a write: wait until every reachable node applied it (else only this node). */
  private final boolean awaitAllNodes;
  private final Duration awaitTimeout;
  private final Map<String, ApiCall.Action> actions = registeredActions();
  private static final RequestValidator VALIDATOR = new RequestValidator(AwsModels.builtIn());

  public ApiRoutes(ActorSystem<?> system, ActorRef<WriterProtocol.Command> writer, String region, StateAccess state,
      ApiServer.Settings settings, plemu.events.EventStream events) {
    this.system = system;
    this.dnsPort = settings.dnsPort();
    this.events = events;
    this.state = state;
    this.writer = writer;
    this.region = region;
    this.writeTimeout = settings.writeTimeout();
    this.awaitAllNodes = settings.awaitAllNodes();
    this.awaitTimeout = settings.awaitTimeout();
  }

  /** Every action of the API by name: AWS's (one operation of the service models each) and the emulator's. */
  static Map<String, ApiCall.Action> registeredActions() {
    Map<String, ApiCall.Action> actions = new HashMap<>();
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
    LinkApi.register(actions);
    return actions;
  }

  public Route routes() {
    return ApiEdge.seal(concat(
        path("health", () -> get(this::health)),
        path(PathMatchers.segment("v1").slash("events"), () -> get(() -> extractRequest(this::events))),
        pathPrefix("v1", () -> path(PathMatchers.segment(), action -> post(() ->
            extractRequest(request -> entity(Unmarshaller.entityToString(), body ->
                completeWithFuture(handle(action, request, body)))))))));
  }

  /**
   * GET /v1/events: server-sent events from now on; the operator gets every event, an account the
   * events of its own resources (its endpoints, its services' connections, its target groups).
   */
  private Route events(HttpRequest request) {
    ApiToken principal;
    try {
      principal = authenticate(request, loadedState());
    } catch (plemu.controlplane.AwsException e) {
      return complete(error("events", e, UUID.randomUUID().toString()));
    }
    return complete(HttpResponse.create().withEntity(org.apache.pekko.http.javadsl.model.HttpEntities.create(
        org.apache.pekko.http.javadsl.model.ContentTypes.parse("text/event-stream"),
        events.eventsFor(principal.isOperator() ? null : principal.accountId())))
        .addHeader(org.apache.pekko.http.javadsl.model.headers.CacheControl.create(
            org.apache.pekko.http.javadsl.model.headers.CacheDirectives.NO_CACHE)));
  }

  /** This node's snapshot; 503 while the node has not read the state yet (it just started). */
  private Desired loadedState() {
    if (!state.loaded())
      throw new AwsError("ServiceUnavailable", "This node is still reading the desired state from the cluster; retry.",
          503).exception();
    return state.current();
  }

  /**
   * GET /health: {@code ok} once this node is an Up member of the cluster and its replica holds its
   * region (a scenario was applied, so accounts and tokens exist); 503 with the reason before.
   */
  private Route health() {
    if (!isUp()) return complete(StatusCodes.SERVICE_UNAVAILABLE, "joining the cluster\n");
    if (!state.loaded()) return complete(StatusCodes.SERVICE_UNAVAILABLE, "reading the desired state\n");
    return state.current().regions().containsKey(region)
        ? complete("ok\n")
        : complete(StatusCodes.SERVICE_UNAVAILABLE, "waiting for a scenario that defines " + region + "\n");
  }

  /** Ready: this node is an Up member of the cluster. */
  private boolean isUp() {
    return org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().status()
        == org.apache.pekko.cluster.MemberStatus.up();
  }

  private CompletionStage<HttpResponse> handle(String actionName, HttpRequest request, String body) {
    String requestId = UUID.randomUUID().toString();
    Writes writes = new Writes();
    return java.util.concurrent.CompletableFuture.completedFuture(actionName)
        .thenCompose(name -> {
          Desired desired = loadedState();
          writes.version = desired.version();
          return dispatch(name, request, body, desired, writes);
        })
        .handle((json, failure) -> writes.headers(failure == null ? ok(json, requestId) : error(actionName, failure, requestId)));
  }

  /**
   * The state versions of one request: the snapshot it read, and the newest of its writes; its
   * answer names them ({@code X-Plemu-State-Version}; after a write also {@code X-Plemu-State-Applied}:
   * {@code all} once every reachable node applied it, {@code partial} if the wait timed out first,
   * {@code local} when configured to wait for this node only).
   */
  private static final class Writes {
    volatile long version;
    volatile String applied;

    HttpResponse headers(HttpResponse response) {
      HttpResponse r = response.addHeader(RawHeader.create("X-Plemu-State-Version", Long.toString(version)));
      return applied == null ? r : r.addHeader(RawHeader.create("X-Plemu-State-Applied", applied));
    }
  }

  private CompletionStage<JsonNode> dispatch(String actionName, HttpRequest request, String body, Desired desired,
      Writes writes) {
    ApiToken principal = authenticate(request, desired);
    ApiCall.Action action = actions.get(actionName);
    if (action == null)
      throw ApiEdge.invalidAction(actionName).exception();
    if (action.access() == ApiCall.Access.OPERATOR && !principal.isOperator())
      throw new AwsError("UnauthorizedOperation", "You are not authorized to perform this operation: "
          + actionName + " needs the operator token.", 403).exception();
    if (action.access() == ApiCall.Access.ACCOUNT && principal.isOperator())
      throw new AwsError("UnauthorizedOperation", "You are not authorized to perform this operation: "
          + actionName + " is an account action; call it with an account's token.", 403).exception();
    ObjectNode input = parseBody(request, body);
    VALIDATOR.validate(actionName, input);
    Params params = new Params(input);
    if (params.dryRun())
      throw new AwsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412).exception();
    return action.handler().handle(new ApiCall(params, principal, desired, region, m -> submit(m, writes),
        () -> state.atLeast(writes.version), system, dnsPort));
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

  /**
   * Sends a mutation to the writer; once it is accepted, waits until the write is applied on every
   * reachable node (or this node only, as configured), at most {@code await-applied-timeout}.
   */
  private CompletionStage<Object> submit(Mutation mutation, Writes writes) {
    CompletionStage<WriterProtocol.Reply> reply = AskPattern.ask(writer,
        replyTo -> new WriterProtocol.Apply(mutation, replyTo), writeTimeout.plusSeconds(2), system.scheduler());
    return reply.thenCompose(r -> {
      if (r instanceof WriterProtocol.Refused refused) throw refused.error().exception();
      WriterProtocol.Accepted accepted = (WriterProtocol.Accepted) r;
      long version = accepted.version();
      writes.version = Math.max(writes.version, version);
      CompletionStage<String> applied = awaitAllNodes
          ? state.appliedEverywhere(version, awaitTimeout).thenApply(all -> all ? "all" : "partial")
          : state.atLeast(version).toCompletableFuture().completeOnTimeout(null, awaitTimeout.toMillis(),
              java.util.concurrent.TimeUnit.MILLISECONDS).thenApply(d -> d == null ? "partial" : "local");
      return applied.thenApply(how -> {
        writes.applied = how;
        return accepted.result();
      });
    });
  }

  private static HttpResponse ok(JsonNode json, String requestId) {
    return HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .addHeader(RawHeader.create("x-amzn-RequestId", requestId))
        .withEntity(ContentTypes.APPLICATION_JSON, bytes(json));
  }

  private static HttpResponse error(String action, Throwable failure, String requestId) {
    return ApiEdge.response(ApiEdge.errorFor(action, failure), requestId);
  }

  private static byte[] bytes(JsonNode json) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
