package io.openaibalance.relay;

import io.openaibalance.metrics.GatewayMetrics;
import io.openaibalance.provider.Provider;
import io.openaibalance.provider.RelayRoute;
import io.openaibalance.secret.Secret;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The relay's front stage for an authenticated request on a known provider: checks the method,
 * reads the bounded body, reads {@code model} and {@code stream}, refuses what must not reach an
 * upstream, and hands the request to the {@link AttemptLoop}.
 */
public final class RelayHandler {
  private final AttemptLoop attempts;
  private final RequestRecorder recorder;
  private final Clock clock;
  private final GatewayMetrics metrics;

  public RelayHandler(Vertx vertx, HttpClient client, Clock clock, GatewayMetrics metrics,
      RequestRecorder recorder) {
    this.attempts = new AttemptLoop(vertx, client, clock, metrics, recorder);
    this.recorder = recorder;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * @param tokenId the authenticated client token's id
   */
  public void handle(
      HttpServerRequest request, RelayRoute route, RelaySnapshot snapshot, String tokenId) {
    Endpoint endpoint = Endpoint.of(route.endpoint());
    if (!endpoint.allows(request.method())) {
      request.response().putHeader(HttpHeaders.ALLOW, allowed(endpoint));
      ErrorResponder.respond(request.response(), ApiError.invalidRequest(405, "method_not_allowed",
          request.method() + " is not supported on " + route.endpoint() + "; use "
              + allowed(endpoint) + "."));
      return;
    }
    if (endpoint == Endpoint.MODEL
        && snapshot.settings().filteredModels().contains(modelOfPath(route.endpoint()))) {
      ErrorResponder.respond(request.response(), ApiError.notFound("model_not_found",
          "The model '" + modelOfPath(route.endpoint()) + "' does not exist."));
      return;
    }
    long limit = snapshot.settings().maxRequestBodyBytes();
    if (declaredLength(request) > limit) {
      ErrorResponder.respondAndClose(request, tooLarge(limit));
      return;
    }
    BoundedBody.read(request, limit, true)
        .onComplete(
            read -> {
              if (read.succeeded()) {
                relay(request, route, snapshot, endpoint, read.result(), tokenId);
              } else if (read.cause() instanceof BoundedBody.TooLarge) {
                ErrorResponder.respondAndClose(request, tooLarge(limit));
              }
              // Any other failure is the client's connection breaking: nobody to answer.
            });
  }

  private void relay(
      HttpServerRequest request, RelayRoute route, RelaySnapshot snapshot, Endpoint endpoint,
      Buffer body, String tokenId) {
    RequestSummary summary;
    try {
      summary = summarize(request, endpoint, body);
    } catch (RequestSummary.MalformedBody e) {
      ErrorResponder.respond(request.response(),
          ApiError.invalidRequest(400, "invalid_json", e.getMessage()));
      return;
    }
    if (endpoint.requiresModel() && summary.model().isEmpty()) {
      ErrorResponder.respond(request.response(), ApiError.invalidRequest(400, "missing_model",
          "You must provide a model parameter."));
      return;
    }
    if (summary.model().filter(snapshot.settings().filteredModels()::contains).isPresent()) {
      ErrorResponder.respond(request.response(), ApiError.invalidRequest(400, "model_not_allowed",
          "The model '" + summary.model().get() + "' is not available through this gateway."));
      return;
    }
    Provider provider = route.provider();
    MultiMap upstreamHeaders =
        HeaderPolicy.toUpstream(request.headers(), provider.settings().customHeaders());
    if (endpoint == Endpoint.MODEL_LIST && !snapshot.settings().filteredModels().isEmpty()) {
      // The list is filtered here, so it must arrive readable.
      upstreamHeaders.remove(HttpHeaders.ACCEPT_ENCODING);
    }
    Secret fixedKey = endpoint == Endpoint.MODEL_LIST || endpoint == Endpoint.MODEL
        ? provider.settings().modelRequestKey().orElse(null)
        : null;
    RelayContext context = new RelayContext(request, snapshot, provider, endpoint,
        provider.target().uri(route.endpoint() + query(request)), upstreamHeaders, body, summary,
        fixedKey, tokenId);
    request.response().closeHandler(closed -> context.clientGone());
    // The entry handler's endHandler feeds the metrics; the request log takes the body's end.
    request.response().bodyEndHandler(ended -> {
      RequestRecord record = context.toRecord(clock.instant());
      recorder.request(record);
      metrics.relayed(record.provider(), record.model().orElse(""), record.status(),
          record.usage().map(RequestRecord.Usage::promptTokens).orElse(0L),
          record.usage().map(RequestRecord.Usage::completionTokens).orElse(0L));
    });
    attempts.run(context);
  }

  private static RequestSummary summarize(HttpServerRequest request, Endpoint endpoint, Buffer body)
      throws RequestSummary.MalformedBody {
    if (request.method() != HttpMethod.POST) {
      return RequestSummary.NONE;
    }
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    String contentType = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (contentType.startsWith("multipart/form-data")) {
      return RequestSummary.ofMultipart(body);
    }
    boolean jsonEndpoint = endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.COMPLETIONS
        || endpoint == Endpoint.EMBEDDINGS || endpoint == Endpoint.MODERATIONS;
    if (jsonEndpoint || contentType.contains("json")) {
      return RequestSummary.ofJson(body);
    }
    return RequestSummary.NONE;
  }

  private static String query(HttpServerRequest request) {
    String uri = request.uri();
    int q = uri.indexOf('?');
    return q < 0 ? "" : uri.substring(q);
  }

  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String modelOfPath(String endpoint) {
    return endpoint.substring("/models/".length());
  }

  private static ApiError tooLarge(long limit) {
    return ApiError.invalidRequest(413, "request_too_large", "The request body is larger than "
        + limit / (1024 * 1024) + " MB (MAX_REQUEST_BODY_SIZE_MB).");
  }

  private static String allowed(Endpoint endpoint) {
    return endpoint.methods().stream().map(HttpMethod::name).sorted()
        .collect(Collectors.joining(", "));
  }
}
