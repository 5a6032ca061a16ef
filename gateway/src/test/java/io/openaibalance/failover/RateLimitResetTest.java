package io.openaibalance.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RateLimitResetTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static Optional<Duration> waitFor(Map<String, String> headers) {
    Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.putAll(headers);
    return RateLimitReset.resetTime(caseInsensitive::get, NOW).map(t -> Duration.between(NOW, t));
  }

  @ParameterizedTest
  @CsvSource({
      "6m0s, PT6M", "1.5s, PT1.5S", "20ms, PT0.02S", "1h2m3s, PT1H2M3S", "2, PT2S", "0.5, PT0.5S"})
  void readsOpenAiResetDurations(String value, String expected) {
    assertThat(waitFor(Map.of("x-ratelimit-reset-requests", value))).contains(Duration.parse(expected));
  }

  @Test
  void readsRetryAfterSecondsAndHttpDates() {
    assertThat(waitFor(Map.of("Retry-After", "17"))).contains(Duration.ofSeconds(17));
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atOffset(ZoneOffset.UTC));
    assertThat(waitFor(Map.of("Retry-After", date))).contains(Duration.ofSeconds(90));
  }

  @Test
  void prefersMillisecondsOverRetryAfterOverResetHeaders() {
    assertThat(waitFor(Map.of("retry-after-ms", "1500", "retry-after", "9", "x-ratelimit-reset-tokens", "30s")))
        .contains(Duration.ofMillis(1500));
    assertThat(waitFor(Map.of("retry-after", "9", "x-ratelimit-reset-tokens", "30s")))
        .contains(Duration.ofSeconds(9));
  }

  @Test
  void waitsForTheExhaustedBudgetOrForBoth() {
    assertThat(waitFor(Map.of("x-ratelimit-reset-requests", "2s", "x-ratelimit-reset-tokens", "40s",
        "x-ratelimit-remaining-requests", "0", "x-ratelimit-remaining-tokens", "100")))
        .contains(Duration.ofSeconds(2));
    assertThat(waitFor(Map.of("x-ratelimit-reset-requests", "2s", "x-ratelimit-reset-tokens", "40s")))
        .contains(Duration.ofSeconds(40));
  }

  @Test
  void ignoresGarbageAndCapsAbsurdValues() {
    assertThat(waitFor(Map.of("retry-after", "soon"))).isEmpty();
    assertThat(waitFor(Map.of("x-ratelimit-reset-requests", "5x"))).isEmpty();
    assertThat(waitFor(Map.of())).isEmpty();
    assertThat(waitFor(Map.of("retry-after", "99999999"))).contains(RateLimitReset.MAX_COOLDOWN);
  }

  @Test
  void aDateInThePastMeansNoWait() {
    String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(30).atOffset(ZoneOffset.UTC));
    assertThat(waitFor(Map.of("Retry-After", past))).contains(Duration.ZERO);
  }
}
