package io.openaibalance.relay;

import io.openaibalance.egress.LiveProxy;
import io.openaibalance.egress.ProxyRoute;
import io.openaibalance.failover.FailureClass;
import io.openaibalance.failover.OutcomeClassifier;
import io.openaibalance.metrics.GatewayMetrics;
import io.openaibalance.keys.KeyPool;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.provider.UpstreamTarget;
import io.openaibalance.secret.Secret;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request upstream, one key per attempt, until an attempt succeeds, fails in a way that is
 * not retried, or the retry budget or the usable keys run out. Every decision comes from {@code
 * failover}; this class carries them out.
 */
final class AttemptLoop {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptLoop.class);
  /** Enough of an error body to classify it and show it to the client. */
  private static final long ERROR_BODY_LIMIT = 256 * 1024;

  private final Vertx vertx;
  private final HttpClient client;
  private final Clock clock;

  private final GatewayMetrics metrics;

  private final RequestRecorder recorder;

  AttemptLoop(Vertx vertx, HttpClient client, Clock clock, GatewayMetrics metrics,
      RequestRecorder recorder) {
    this.vertx = vertx;
    this.recorder = recorder;
    this.metrics = metrics;
    this.client = client;
    this.clock = clock;
  }

  void run(RelayContext context) {
    attempt(context);
  }

  private void attempt(RelayContext context) {
    if (context.isClientGone()) {
      return;
    }
    Secret secret;
    PooledKey pooled = null;
    if (context.fixedKey != null) {
      secret = context.fixedKey;
    } else {
      Optional<PooledKey> next = context.provider.keys().next(clock.instant(), context::tried);
      if (next.isEmpty()) {
        answerWithoutKey(context);
        return;
      }
      pooled = next.get();
      secret = pooled.secret();
    }
    ProxyRoute route = context.provider.proxies().route(secret.id());
    if (route instanceof ProxyRoute.Unavailable unavailable) {
      answerWithoutProxy(context, unavailable);
      return;
    }
    LiveProxy proxy = route instanceof ProxyRoute.Through through ? through.proxy() : null;
    context.startAttempt(pooled);
    PooledKey key = pooled;
    client
        .request(requestOptions(context, secret, proxy))
        .compose(
            request -> {
              // Added, not set through the options: options' headers replace the request's, which
              // would drop the Proxy-Authorization Vert.x adds for a plain-HTTP proxy.
              request.headers().addAll(context.upstreamHeaders);
              context.inFlight(request);
              return context.body.length() == 0 ? request.send() : request.send(context.body);
            })
        .onComplete(
            result -> {
              if (result.succeeded()) {
                if (proxy != null) {
                  proxy.recordTrafficSuccess();
                }
                onResponse(context, key, result.result());
              } else {
                if (proxy != null) {
                  blameProxy(context, proxy, result.cause());
                }
                onNoResponse(context, key, result.cause());
              }
            });
  }

  /** A connection through the proxy failed: counts against it when the proxy is to blame. */
  private void blameProxy(RelayContext context, LiveProxy proxy, Throwable cause) {
    Optional<String> fault = ProxyFaults.describe(cause);
    if (fault.isPresent()) {
      int maxFailures = context.snapshot.settings().proxies().maxFailures();
      if (proxy.recordTrafficFailure(fault.get(), maxFailures)) {
        LOG.warn("Proxy {} disabled after {} consecutive failures (last: {}); its keys move to the"
            + " healthy proxies until a check passes", proxy, maxFailures, fault.get());
      }
    }
  }

  private static RequestOptions requestOptions(
      RelayContext context, Secret secret, LiveProxy proxy) {
    UpstreamTarget target = context.provider.target();
    long timeoutMs = context.provider.settings().timeout().toMillis();
    context.upstreamHeaders.set(HttpHeaders.AUTHORIZATION, "Bearer " + secret.reveal());
    return new RequestOptions()
        .setProxyOptions(proxy == null ? null : proxy.options())
        .setMethod(context.method)
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.ssl())
        .setURI(context.upstreamUri)
        .setConnectTimeout(timeoutMs)
        .setIdleTimeout(timeoutMs);
  }

  private void onResponse(RelayContext context, PooledKey key, HttpClientResponse response) {
    if (context.isClientGone()) {
      return;
    }
    int status = response.statusCode();
    if (status < 400) {
      if (key != null) {
        key.recordSuccess();
      }
      if (context.endpoint == Endpoint.MODEL_LIST && !context.filteredModels().isEmpty()) {
        ModelListFilter.relay(context, response, cause -> onNoResponse(context, key, cause));
      } else {
        ResponsePump.relay(vertx, context, response, cause -> onNoResponse(context, key, cause));
      }
      return;
    }
    BoundedBody.read(response, ERROR_BODY_LIMIT, false)
        .onComplete(
            read -> {
              if (context.isClientGone()) {
                return;
              }
              Buffer body = read.succeeded() ? read.result() : Buffer.buffer();
              byte[] inspectable = ErrorBodies.decoded(body, response.getHeader(HttpHeaders.CONTENT_ENCODING));
              FailureClass failure = OutcomeClassifier.classify(status, inspectable);
              afterFailure(
                  context,
                  key,
                  FailedAttempt.upstreamAnswer(failure, status, response.headers(), body,
                      inspectable, Optional.ofNullable(key).map(PooledKey::secret)
                          .or(() -> Optional.ofNullable(context.fixedKey))),
                  response.headers()::get);
            });
  }

  private void onNoResponse(RelayContext context, PooledKey key, Throwable cause) {
    if (context.isClientGone()) {
      return;
    }
    boolean timedOut = cause instanceof TimeoutException || cause.getCause() instanceof TimeoutException;
    ApiError error =
        timedOut
            ? ApiError.upstream(504, "upstream_timeout",
                "The upstream sent nothing for " + context.provider.settings().timeout().toSeconds()
                    + " s (TIME_OUT) on provider '" + context.provider.name() + "'.")
            : ApiError.upstream(502, "upstream_unreachable",
                "The upstream of provider '" + context.provider.name() + "' could not be reached or"
                    + " closed the connection (" + cause.getClass().getSimpleName() + ").");
    FailureClass failure = timedOut ? FailureClass.TIMED_OUT : FailureClass.CONNECT_FAILED;
    afterFailure(context, key, FailedAttempt.noAnswer(failure, error), name -> null);
  }

  private void afterFailure(
      RelayContext context, PooledKey key, FailedAttempt failed, Function<String, String> headers) {
    if (key != null) {
      KeyVerdicts.apply(key, context.provider, failed, headers,
          context.snapshot.settings().defaultRateLimitCooldown(), clock.instant());
    }
    recordError(context, key, failed);
    context.recordFailure(failed);
    boolean retry =
        context.fixedKey == null
            && context.provider.retryPolicy()
                .retries(failed.failure(), context.attempts(), context.response.headWritten());
    if (retry) {
      metrics.retried(context.provider.name(), failed.failure());
      attempt(context);
    } else {
      answerWithLastFailure(context);
    }
  }

  private void recordError(RelayContext context, PooledKey key, FailedAttempt failed) {
    String keyId = key != null ? key.id() : context.fixedKey != null ? context.fixedKey.id() : null;
    byte[] body = failed.inspectableBody();
    String upstreamBody = failed.upstreamStatus().isPresent()
        ? new String(body, 0, Math.min(body.length, 16 * 1024), java.nio.charset.StandardCharsets.UTF_8)
        : failed.ownError().map(ApiError::message).orElse("");
    recorder.error(new ErrorRecord(clock.instant(), context.provider.name(),
        Optional.ofNullable(keyId), context.summary.model(),
        failed.upstreamStatus().orElseGet(() -> failed.ownError().map(ApiError::status).orElse(502)),
        failed.failure().name().toLowerCase(java.util.Locale.ROOT),
        OutcomeClassifier.errorField(body, "code").or(() -> OutcomeClassifier.errorField(body, "type")),
        upstreamBody,
        context.snapshot.settings().errorLogRecordsRequestBody()
            ? RequestBodyRedaction.redacted(context.body) : Optional.empty()));
  }

  /** Every attempt failed: the client gets the last upstream answer as it was. */
  private void answerWithLastFailure(RelayContext context) {
    FailedAttempt last = context.lastFailure();
    HttpServerResponse response = context.response;
    if (last.upstreamStatus().isEmpty() || response.headWritten()) {
      ErrorResponder.respond(response, last.ownError().orElseGet(() ->
          ApiError.upstream(502, "upstream_error", "The upstream request failed.")));
      return;
    }
    response.setStatusCode(last.upstreamStatus().get());
    HeaderPolicy.copyToClient(last.headers(), response.headers());
    response.headers().remove(HttpHeaders.CONTENT_LENGTH);
    response.end(last.body());
  }

  /** The provider's proxies are all down and going direct is not allowed. */
  private void answerWithoutProxy(RelayContext context, ProxyRoute.Unavailable unavailable) {
    if (context.lastFailure() != null) {
      answerWithLastFailure(context);
      return;
    }
    ErrorResponder.respond(context.response, ApiError.upstream(502, "no_healthy_proxy",
        "All " + unavailable.configured() + " proxies of provider '" + context.provider.name()
            + "' are disabled after failed checks or connections; requests are not sent"
            + " directly unless PROXY_DIRECT_FALLBACK=true."));
  }

  /** No usable key is left before any attempt, or before the next one. */
  private void answerWithoutKey(RelayContext context) {
    if (context.lastFailure() != null) {
      answerWithLastFailure(context);
      return;
    }
    Instant now = clock.instant();
    KeyPool pool = context.provider.keys();
    KeyPool.Exhaustion exhaustion = pool.exhaustion(now);
    String provider = context.provider.name();
    if (exhaustion.keyCount() == 0) {
      ErrorResponder.respond(context.response, ApiError.upstream(503, "no_api_keys",
          "Provider '" + provider + "' has no API keys configured."));
    } else if (exhaustion.earliestUsable().isPresent()) {
      long seconds = Math.max(1,
          (Duration.between(now, exhaustion.earliestUsable().get()).toMillis() + 999) / 1000);
      context.response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      ErrorResponder.respond(context.response, new ApiError(429, "rate_limit_error",
          "all_keys_rate_limited",
          "Every usable key of provider '" + provider + "' is cooling down after a rate limit;"
              + " the first is usable again in " + seconds + " s."));
    } else {
      ErrorResponder.respond(context.response, ApiError.upstream(503, "all_keys_disabled",
          "All " + exhaustion.keyCount() + " keys of provider '" + provider
              + "' are disabled after repeated failures."));
    }
  }
}
