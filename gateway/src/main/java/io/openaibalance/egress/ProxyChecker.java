package io.openaibalance.egress;

import io.openaibalance.config.ProxySettings;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a proxy by fetching {@code PROXY_CHECK_URL} through it within {@code
 * PROXY_CHECK_TIMEOUT}. Any answer below 500 means the proxy works (the URL may well want a login);
 * a 5xx is the proxy saying it could not reach the URL, and no answer is the proxy failing.
 */
public final class ProxyChecker {
  private final HttpClient client;
  private final Clock clock;

  public ProxyChecker(HttpClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Checks an address without recording anything (a proxy the admin is about to add). */
  public Future<ProxyCheck> probe(ProxyAddress address, ProxySettings settings) {
    Instant started = clock.instant();
    long startedNanos = System.nanoTime();
    long timeoutMs = settings.checkTimeout().toMillis();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(settings.checkUrl().toString())
        .setProxyOptions(address.toProxyOptions())
        .setConnectTimeout(timeoutMs)
        .setIdleTimeout(timeoutMs);
    return client.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(ignored -> response.statusCode()))
        .timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
        .map(status -> {
          Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
          return status < 500
              ? new ProxyCheck(address.masked(), true, Optional.of(took), Optional.empty(), started)
              : new ProxyCheck(address.masked(), false, Optional.of(took),
                  Optional.of("the proxy answered HTTP " + status), started);
        })
        .otherwise(failure -> new ProxyCheck(address.masked(), false, Optional.empty(),
            Optional.of(ProxyCheck.describe(failure)), started));
  }

  /** Checks a configured proxy and records the outcome in its health. */
  public Future<ProxyCheck> check(LiveProxy proxy, ProxySettings settings) {
    return probe(proxy.address(), settings).map(check -> {
      if (check.available()) {
        proxy.recordCheckSuccess(check.checkedAt(), check.responseTime().orElse(Duration.ZERO));
      } else {
        proxy.recordCheckFailure(check.error().orElse("failed"), check.checkedAt(),
            settings.maxFailures());
      }
      return check;
    });
  }

  /**
   * One check's outcome.
   *
   * @param proxy the proxy's masked URL
   * @param responseTime how long the fetch took, when an answer came
   * @param error why it failed, without credentials
   */
  public record ProxyCheck(String proxy, boolean available, Optional<Duration> responseTime,
      Optional<String> error, Instant checkedAt) {

    static String describe(Throwable failure) {
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        if (cause instanceof java.util.concurrent.TimeoutException) {
          return "no answer within PROXY_CHECK_TIMEOUT";
        }
        if (cause instanceof java.net.ConnectException) {
          return "connection refused";
        }
      }
      // The class only: a message may quote the proxy URL, credentials included.
      return failure.getClass().getSimpleName();
    }
  }
}
