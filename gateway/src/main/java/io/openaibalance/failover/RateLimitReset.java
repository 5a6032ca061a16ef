package io.openaibalance.failover;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads when a rate-limited key may be used again from the headers providers send with a 429:
 * {@code retry-after-ms}, {@code Retry-After} (seconds or an HTTP date), and OpenAI's {@code
 * x-ratelimit-reset-requests} / {@code x-ratelimit-reset-tokens} (durations like {@code 6m0s}).
 */
public final class RateLimitReset {
  /** No provider asks for more than a day; a larger value is a broken header, not a plan. */
  static final Duration MAX_COOLDOWN = Duration.ofDays(1);

  private static final Pattern DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  private RateLimitReset() {}

  /**
   * When the key may be used again, or empty when the headers name no time.
   *
   * @param header looks up a response header by (case-insensitive) name, null when absent
   * @param now the current time
   */
  public static Optional<Instant> resetTime(Function<String, String> header, Instant now) {
    Optional<Duration> wait =
        millis(header.apply("retry-after-ms"))
            .or(() -> retryAfter(header.apply("retry-after"), now))
            .or(() -> ratelimitReset(header));
    return wait.map(d -> d.compareTo(MAX_COOLDOWN) > 0 ? MAX_COOLDOWN : d).map(now::plus);
  }

  private static Optional<Duration> ratelimitReset(Function<String, String> header) {
    Optional<Duration> requests = goDuration(header.apply("x-ratelimit-reset-requests"));
    Optional<Duration> tokens = goDuration(header.apply("x-ratelimit-reset-tokens"));
    // The exhausted budget is the one that matters; when neither says so, wait for both.
    if ("0".equals(trimmed(header.apply("x-ratelimit-remaining-requests"))) && requests.isPresent()) {
      return requests;
    }
    if ("0".equals(trimmed(header.apply("x-ratelimit-remaining-tokens"))) && tokens.isPresent()) {
      return tokens;
    }
    if (requests.isPresent() && tokens.isPresent()) {
      return Optional.of(max(requests.get(), tokens.get()));
    }
    return requests.or(() -> tokens);
  }

  static Optional<Duration> millis(String value) {
    return decimal(value).map(ms -> Duration.ofNanos((long) (ms * 1_000_000)));
  }

  static Optional<Duration> retryAfter(String value, Instant now) {
    String text = trimmed(value);
    if (text == null) {
      return Optional.empty();
    }
    Optional<Duration> seconds = decimal(text).map(s -> Duration.ofNanos((long) (s * 1e9)));
    if (seconds.isPresent()) {
      return seconds;
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  /** Go-style durations as OpenAI sends them: {@code 1h2m3s}, {@code 6m0s}, {@code 1.5s}, {@code 20ms}. */
  static Optional<Duration> goDuration(String value) {
    String text = trimmed(value);
    if (text == null) {
      return Optional.empty();
    }
    Optional<Duration> plainSeconds = decimal(text).map(s -> Duration.ofNanos((long) (s * 1e9)));
    if (plainSeconds.isPresent()) {
      return plainSeconds;
    }
    Matcher part = DURATION_PART.matcher(text);
    double nanos = 0;
    int end = 0;
    while (part.find() && part.start() == end) {
      double amount = Double.parseDouble(part.group(1));
      nanos += amount * unitNanos(part.group(2));
      end = part.end();
    }
    return end == text.length() && end > 0
        ? Optional.of(Duration.ofNanos((long) nanos))
        : Optional.empty();
  }

  private static double unitNanos(String unit) {
    return switch (unit) {
      case "h" -> 3600e9;
      case "m" -> 60e9;
      case "s" -> 1e9;
      default -> 1e6;
    };
  }

  private static Optional<Double> decimal(String value) {
    String text = trimmed(value);
    if (text == null || !text.matches("\\d+(\\.\\d+)?")) {
      return Optional.empty();
    }
    return Optional.of(Double.parseDouble(text));
  }

  private static String trimmed(String value) {
    if (value == null) {
      return null;
    }
    String text = value.trim();
    return text.isEmpty() ? null : text;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
