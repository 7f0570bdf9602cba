package plemu.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import plemu.controlplane.AwsError;
import plemu.controlplane.AwsException;

/**
 * The edge of the API port: whatever arrives, the answer is an AWS-style JSON error
 * ({@code {"Error":{"Code","Message"},"RequestId"}} with {@code x-amzn-RequestId}) unless it is a
 * valid call. A path that names no action ({@code /}, {@code /v1}, {@code /v1/}) is 400
 * {@code MissingAction}; any other unknown path is 400 {@code InvalidAction}; a known path with
 * another method is 405 {@code MethodNotAllowed} with {@code Allow}; an exception is 500
 * {@code InternalError}. What pekko-http refuses on its own (rejections, requests it cannot parse:
 * see {@link ApiParsingErrorHandler}, a request that times out, a server shutting down) keeps its
 * HTTP status, with a code named after the status ({@link #codeFor}).
 */
final class ApiEdge extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ApiEdge.class);
  /** Long names (an 8,000-character action) are cut to this many characters in messages. */
  private static final int ECHO_LIMIT = 256;

  private ApiEdge() {}

  private static final ApiEdge DIRECTIVES = new ApiEdge();

  /** {@code routes}, with every rejection, exception and request timeout answered as an AWS error. */
  static Route seal(Route routes) {
    return DIRECTIVES.sealed(routes);
  }

  private Route sealed(Route routes) {
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () ->
        withRequestTimeoutResponse(ApiEdge::timedOut, () -> routes)));
  }

  /**
   * The API server's settings: {@code pekko.http.server} of {@code config}, with requests that fail
   * to parse answered by {@link ApiParsingErrorHandler}, URIs up to 8 KiB (an action name of 8,000
   * characters is InvalidAction, not 414), and the answer to requests cut off by a shutdown.
   */
  static ServerSettings serverSettings(Config config) {
    Config edge = ConfigFactory.parseString("""
        pekko.http.server.parsing {
          error-handler = "plemu.api.ApiParsingErrorHandler"
          max-uri-length = 8k
        }
        """);
    return ServerSettings.create(edge.withFallback(config)).withTerminationDeadlineExceededResponse(
        response(new AwsError("ServiceUnavailable", "The server is shutting down; retry the request.", 503),
            UUID.randomUUID().toString()));
  }

  /** InvalidAction for {@code action}, as EC2 words it. */
  static AwsError invalidAction(String action) {
    return AwsError.badRequest("InvalidAction", "The action " + echo(action) + " is not valid for this web service.");
  }

  /** What a path no route took means: no action named, or an action that does not exist. */
  static AwsError noRoute(String path) {
    if (path.equals("/") || path.equals("/v1") || path.equals("/v1/") || path.isEmpty())
      return AwsError.badRequest("MissingAction", "The request must name an action: POST /v1/<Action>.");
    if (path.startsWith("/v1/")) return invalidAction(path.substring("/v1/".length()));
    return AwsError.badRequest("InvalidAction",
        "The path " + echo(path) + " is not valid for this web service: actions are POST /v1/<Action>.");
  }

  /** The AWS error for a failed call: its own AwsError, 503 for a time-out, else 500 InternalError. */
  static AwsError errorFor(String what, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof AwsException aws) return aws.error();
    if (cause instanceof TimeoutException)
      return new AwsError("ServiceUnavailable", "The control plane did not answer in time; retry the request.", 503);
    if (cause instanceof EntityStreamSizeException size) return fromStatus(413, size.getMessage());
    if (cause instanceof IllegalRequestException illegal)
      return fromStatus(illegal.status().intValue(), illegal.info().summary());
    log.error("{} failed", what, cause);
    return new AwsError("InternalError", "An internal error has occurred: " + cause, 500);
  }

  /**
   * The AWS error for an HTTP status pekko-http chose: the status stays, the code is its reason
   * without spaces (431 {@code RequestHeaderFieldsTooLarge}, 414 {@code URITooLong}, ...).
   */
  static AwsError fromStatus(int status, String message) {
    return new AwsError(codeFor(status), echo(message), status);
  }

  static String codeFor(int status) {
    if (status == 500) return "InternalError";
    return StatusCodes.get(status).reason().replaceAll("[^A-Za-z0-9]", "");
  }

  /** The JSON error answer, with its request id in the body and in {@code x-amzn-RequestId}. */
  static HttpResponse response(AwsError error, String requestId) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("Error").put("Code", error.code()).put("Message", error.message());
    body.put("RequestId", requestId);
    try {
      return HttpResponse.create()
          .withStatus(StatusCodes.get(error.httpStatus()))
          .addHeader(RawHeader.create("x-amzn-RequestId", requestId))
          .withEntity(ContentTypes.APPLICATION_JSON, ApiRoutes.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse response(AwsError error) {
    return response(error, UUID.randomUUID().toString());
  }

  private static String echo(String text) {
    return text.length() <= ECHO_LIMIT ? text : text.substring(0, ECHO_LIMIT) + "...";
  }

  private RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleNotFound(extractRequest(request -> complete(response(noRoute(request.getUri().path())))))
        .handleAll(MethodRejection.class, refused -> extractRequest(request -> complete(methodNotAllowed(request,
            refused.stream().map(MethodRejection::supported).distinct().toList()))))
        .build()
        // pekko's own answer to any other rejection, its status kept and its text turned into an AWS error
        .withFallback(RejectionHandler.defaultHandler().mapRejectionResponse(ApiEdge::asAwsError));
  }

  private static HttpResponse methodNotAllowed(HttpRequest request, List<HttpMethod> allowed) {
    String methods = String.join(", ", allowed.stream().map(HttpMethod::name).toList());
    AwsError error = new AwsError("MethodNotAllowed", "The method " + request.method().name() + " is not allowed for "
        + echo(request.getUri().path()) + "; use " + methods + ".", 405);
    return response(error).addHeader(Allow.create(allowed.toArray(HttpMethod[]::new)));
  }

  private static HttpResponse asAwsError(HttpResponse plain) {
    String text = plain.entity() instanceof HttpEntity.Strict strict ? strict.getData().utf8String() : "";
    AwsError error = fromStatus(plain.status().intValue(), text.isBlank() ? plain.status().reason() : text.strip());
    HttpResponse json = response(error);
    for (var header : plain.getHeaders()) json = json.addHeader(header);
    return json;
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder().matchAny(failure -> extractMaterializer(materializer ->
        extractRequest(request -> {
          request.discardEntityBytes(materializer);
          return complete(response(errorFor(request.method().name() + " " + request.getUri().path(), failure)));
        }))).build();
  }

  private static HttpResponse timedOut(HttpRequest request) {
    return response(new AwsError("ServiceUnavailable", "The request took too long; retry it.", 503));
  }
}
