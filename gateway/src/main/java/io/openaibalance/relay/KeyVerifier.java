package io.openaibalance.relay;

import io.openaibalance.egress.LiveProxy;
import io.openaibalance.egress.ProxyRoute;
import io.openaibalance.failover.OutcomeClassifier;
import io.openaibalance.keys.KeyStatus;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.provider.Provider;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks one key with the smallest real request (one token from the provider's test model),
 * through the key's proxy, and judges the key by the answer exactly as traffic would: a pass
 * brings a disabled or cooling key back, a key-caused failure counts against it. A check is not a
 * relayed request: it is never in the request log or its statistics.
 */
public final class KeyVerifier {
  private static final long ERROR_BODY_LIMIT = 64 * 1024;

  private final HttpClient client;
  private final Clock clock;

  public KeyVerifier(HttpClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * @param provider the provider whose pool holds {@code key}
   * @param defaultCooldown the cooldown of a 429 that names no reset time
   */
  public Future<KeyCheck> verify(Provider provider, PooledKey key, Duration defaultCooldown) {
    ProxyRoute route = provider.proxies().route(key.id());
    if (route instanceof ProxyRoute.Unavailable) {
      return Future.succeededFuture(result(provider, key, false, Optional.empty(),
          "not checked: every proxy of the provider is down"));
    }
    LiveProxy proxy = route instanceof ProxyRoute.Through through ? through.proxy() : null;
    Buffer body = new JsonObject()
        .put("model", provider.settings().testModel())
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")))
        .put("max_tokens", 1)
        .toBuffer();
    return client.request(
            CheckRequests.options(provider, proxy, HttpMethod.POST, "/chat/completions"))
        .compose(request -> {
          // On the request, not the options: options' headers would drop Proxy-Authorization.
          request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret().reveal())
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
          return request.send(body);
        })
        .compose(response -> judge(provider, key, response, defaultCooldown),
            failure -> Future.succeededFuture(result(provider, key, false, Optional.empty(),
                "no answer (" + failure.getClass().getSimpleName() + ")")));
  }

  private Future<KeyCheck> judge(
      Provider provider, PooledKey key, HttpClientResponse response, Duration defaultCooldown) {
    int status = response.statusCode();
    if (status < 400) {
      // Drained, so the connection goes back to the pool.
      return response.body().map(ignored -> {
        key.setDisabled(false);
        return result(provider, key, true, Optional.of(status), "HTTP " + status);
      });
    }
    return BoundedBody.read(response, ERROR_BODY_LIMIT, false).otherwiseEmpty().map(read -> {
      Buffer body = read == null ? Buffer.buffer() : read;
      byte[] inspectable =
          ErrorBodies.decoded(body, response.getHeader(HttpHeaders.CONTENT_ENCODING));
      FailedAttempt failed = FailedAttempt.upstreamAnswer(
          OutcomeClassifier.classify(status, inspectable), status, response.headers(), body,
          inspectable, Optional.of(key.secret()));
      KeyVerdicts.apply(key, provider, failed, response.headers()::get, defaultCooldown,
          clock.instant());
      return result(provider, key, false, Optional.of(status), failed.describe());
    });
  }

  private KeyCheck result(Provider provider, PooledKey key, boolean valid,
      Optional<Integer> status, String detail) {
    return new KeyCheck(provider.name(), key.id(), key.secret().masked(), valid, status, detail,
        key.health().status(clock.instant()));
  }

  /**
   * One key's check.
   *
   * @param detail what happened, without secrets: {@code HTTP 401 invalid_api_key}
   * @param statusAfter the key's state after the verdict
   */
  public record KeyCheck(String provider, String keyId, String maskedKey, boolean valid,
      Optional<Integer> upstreamStatus, String detail, KeyStatus statusAfter) {}
}
