package io.openaibalance.web;

import io.openaibalance.metrics.GatewayMetrics;
import io.openaibalance.provider.RouteResolver;
import io.openaibalance.provider.RouteResolver.Resolution;
import io.openaibalance.relay.RelayHandler;
import io.openaibalance.relay.RelaySnapshot;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Supplier;

/**
 * The server's first stage for every request: health, then the relay's path forms (refusing
 * unsafe paths and unauthenticated clients before anything else), then everything else.
 */
public final class EntryHandler implements Handler<HttpServerRequest> {
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private static final CharSequence PROMETHEUS_TEXT =
      HttpHeaders.createOptimized("text/plain; version=0.0.4; charset=utf-8");

  private final Supplier<RelaySnapshot> snapshots;
  private final RelayHandler relay;
  private final Handler<HttpServerRequest> otherwise;
  private final GatewayMetrics metrics;
  private final HealthReport health;

  /**
   * @param snapshots the current configuration, read once per request
   * @param otherwise takes requests that are neither health nor relay paths
   * @param health the body of {@code /health}
   */
  public EntryHandler(Supplier<RelaySnapshot> snapshots, RelayHandler relay,
      Handler<HttpServerRequest> otherwise, GatewayMetrics metrics, HealthReport health) {
    this.snapshots = snapshots;
    this.relay = relay;
    this.otherwise = otherwise;
    this.metrics = metrics;
    this.health = health;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if ("/health".equals(path)) {
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(health.body());
      return;
    }
    if ("/metrics".equals(path)) {
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT).end(metrics.scrape());
      return;
    }
    RelaySnapshot snapshot = snapshots.get();
    Resolution resolution = RouteResolver.resolve(path, snapshot.providers());
    if (resolution instanceof Resolution.NotRelayPath) {
      otherwise.handle(request);
      return;
    }
    measure(request, resolution instanceof Resolution.Routed routed
        ? routed.route().provider().name() : GatewayMetrics.NO_PROVIDER);
    if (resolution instanceof Resolution.UnsafePath) {
      ErrorResponder.respond(request.response(), ApiError.invalidRequest(400, "invalid_path",
          "The request path is not allowed: empty or dot segments, backslashes and encoded"
              + " slashes are refused."));
      return;
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    java.util.Optional<String> tokenId = snapshot.tokens().authenticate(authorization);
    if (tokenId.isEmpty()) {
      ErrorResponder.respond(request.response(), ApiError.unauthorized(authorization == null
          ? "Missing bearer token: send 'Authorization: Bearer <token>' with one of ALLOWED_TOKENS."
          : "Invalid token: the bearer token is not one of ALLOWED_TOKENS."));
      return;
    }
    if (resolution instanceof Resolution.Routed routed) {
      relay.handle(request, routed.route(), snapshot, tokenId.get());
    } else if (resolution instanceof Resolution.UnknownProvider unknown) {
      ErrorResponder.respond(request.response(), ApiError.notFound("provider_not_found",
          "No provider is named or routed as '" + printable(unknown.segment()) + "'."));
    } else if (resolution instanceof Resolution.DisabledProvider disabled) {
      ErrorResponder.respond(request.response(), ApiError.notFound("provider_disabled",
          "Provider '" + disabled.name() + "' is disabled."));
    } else {
      otherwise.handle(request);
    }
  }

  /** Counts the request and times its first and last byte when its response ends. */
  private void measure(HttpServerRequest request, String provider) {
    long started = System.nanoTime();
    long[] firstByte = {-1};
    HttpServerResponse response = request.response();
    response.headersEndHandler(ignored -> firstByte[0] = System.nanoTime() - started);
    response.endHandler(ignored -> metrics.requestCompleted(
        provider, response.getStatusCode(), System.nanoTime() - started, firstByte[0]));
  }

  private static String printable(String segment) {
    return segment.length() > 64 ? segment.substring(0, 64) + "..." : segment;
  }
}
