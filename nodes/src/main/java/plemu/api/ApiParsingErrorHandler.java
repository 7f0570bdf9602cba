package plemu.api;

import java.util.UUID;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The answer to a request pekko-http cannot parse, before any route sees it (a malformed request
 * line, an unknown method, a URI or header over the limits, a broken body encoding): the status
 * pekko chose, as an AWS-style JSON error ({@link ApiEdge#fromStatus}). Named by
 * {@code pekko.http.server.parsing.error-handler} in {@link ApiEdge#serverSettings}; pekko creates
 * it by reflection, hence public with a no-argument constructor.
 */
public final class ApiParsingErrorHandler extends ParsingErrorHandler {
  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.warning("Illegal request, answering {}: {}", status.intValue(), info.summary());
    return ApiEdge.response(ApiEdge.fromStatus(status.intValue(), info.summary()), UUID.randomUUID().toString());
  }
}
