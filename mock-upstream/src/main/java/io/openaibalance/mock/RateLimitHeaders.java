package io.openaibalance.mock;

import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/** Adds the rate-limit hints a behaviour asks for to an error response. */
final class RateLimitHeaders {
  // IMF-fixdate (RFC 9110): two-digit day, unlike DateTimeFormatter.RFC_1123_DATE_TIME.
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final Clock clock;

  RateLimitHeaders(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  void apply(Behaviour behaviour, HttpServerResponse response) {
    if (behaviour.retryAfter() != null) {
      response.putHeader("Retry-After", behaviour.retryAfter());
    }
    if (behaviour.retryAfterDateSeconds() >= 0) {
      response.putHeader("Retry-After", httpDate(behaviour.retryAfterDateSeconds()));
    }
    if (behaviour.retryAfterMs() != null) {
      response.putHeader("retry-after-ms", behaviour.retryAfterMs());
    }
    if (behaviour.resetRequests() != null) {
      response.putHeader("x-ratelimit-reset-requests", behaviour.resetRequests());
    }
    if (behaviour.resetTokens() != null) {
      response.putHeader("x-ratelimit-reset-tokens", behaviour.resetTokens());
    }
  }

  private String httpDate(int secondsAhead) {
    Instant at = clock.instant().plusSeconds(secondsAhead);
    // The date has whole seconds; rounding up keeps it from promising an earlier retry than asked.
    if (at.getNano() > 0) {
      at = at.plusSeconds(1);
    }
    return HTTP_DATE.format(at);
  }
}
