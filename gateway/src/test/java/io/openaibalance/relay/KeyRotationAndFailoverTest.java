package io.openaibalance.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.GatewayHarness;
import io.openaibalance.keys.KeyStatus;
import io.openaibalance.mock.RecordedRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rotation, retry on the next key, and what each kind of failure does to a key. */
class KeyRotationAndFailoverTest {
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static HttpResponse<String> chat(GatewayHarness harness) {
    return harness.postJson("/v1/chat/completions", CHAT);
  }

  private static List<String> keysSeen(GatewayHarness harness) {
    return harness.upstream.requests().stream().map(RecordedRequest::key).collect(Collectors.toList());
  }

  @Test
  void rotatesKeysRoundRobinOverManyRequests() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of("API_KEYS", "sk-k1,sk-k2,sk-k3"))) {
      for (int i = 0; i < 9; i++) {
        assertThat(chat(harness).statusCode()).isEqualTo(200);
      }

      assertThat(keysSeen(harness)).containsExactly(
          "sk-k1", "sk-k2", "sk-k3", "sk-k1", "sk-k2", "sk-k3", "sk-k1", "sk-k2", "sk-k3");
    }
  }

  @Test
  void retriesOnTheNextKeyWhenUpstreamRejectsTheKey() {
    try (GatewayHarness harness = GatewayHarness.start(
        Map.of("API_KEYS", "sk-revoked:status=401,sk-good"))) {
      HttpResponse<String> response = chat(harness);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(keysSeen(harness)).containsExactly("sk-revoked:status=401", "sk-good");
      assertThat(harness.key("sk-revoked").health().failures()).isEqualTo(1);
    }
  }

  @Test
  void disablesAKeyAfterMaxFailuresAndStopsUsingIt() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-suspended:status=403,sk-good", "MAX_FAILURES", "2"))) {
      for (int i = 0; i < 10; i++) {
        assertThat(chat(harness).statusCode()).isEqualTo(200);
      }

      assertThat(keysSeen(harness)).filteredOn(k -> k.startsWith("sk-suspended")).hasSize(2);
      assertThat(harness.key("sk-suspended").health().status(harness.clock.instant()))
          .isEqualTo(KeyStatus.DISABLED);
    }
  }

  @Test
  void successResetsTheFailureCount() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-flaky", "MAX_FAILURES", "3"))) {
      harness.upstream.overrideKey("sk-flaky", "status=401");
      assertThat(chat(harness).statusCode()).isEqualTo(401);
      assertThat(chat(harness).statusCode()).isEqualTo(401);
      assertThat(harness.key("sk-flaky").health().failures()).isEqualTo(2);

      harness.upstream.clearOverrides();
      assertThat(chat(harness).statusCode()).isEqualTo(200);

      assertThat(harness.key("sk-flaky").health().failures()).isZero();
      assertThat(harness.key("sk-flaky").health().disabled()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "retry-after=30", "retry-after-date=30", "retry-after-ms=30000",
      "reset-requests=0m30s", "reset-tokens=30s"})
  void coolsARateLimitedKeyDownUntilTheProvidersResetTime(String header) {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-limited:status=429:" + header + ",sk-good"))) {
      assertThat(chat(harness).statusCode()).isEqualTo(200);
      harness.upstream.clearRequests();

      harness.clock.advance(Duration.ofSeconds(27));
      for (int i = 0; i < 4; i++) {
        assertThat(chat(harness).statusCode()).isEqualTo(200);
      }
      assertThat(keysSeen(harness)).containsOnly("sk-good");
      assertThat(harness.key("sk-limited").health().failures()).isZero();

      harness.clock.advance(Duration.ofSeconds(5));
      harness.upstream.clearRequests();
      for (int i = 0; i < 2; i++) {
        chat(harness);
      }
      assertThat(keysSeen(harness)).anyMatch(k -> k.startsWith("sk-limited"));
    }
  }

  @Test
  void coolsDownForTheDefaultTimeWhenA429NamesNoResetTime() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-limited:status=429,sk-good", "RATE_LIMIT_DEFAULT_COOLDOWN_SECONDS", "45"))) {
      chat(harness);

      assertThat(harness.key("sk-limited").health().coolingUntil())
          .isEqualTo(harness.clock.instant().plusSeconds(45));
    }
  }

  @Test
  void answers429WithRetryAfterWhenEveryKeyIsCoolingDown() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-l1:status=429:retry-after=20,sk-l2:status=429:retry-after=40"))) {
      HttpResponse<String> first = chat(harness);
      assertThat(first.statusCode()).isEqualTo(429);
      assertThat(first.body()).contains("rate_limit_exceeded");

      harness.clock.advance(Duration.ofSeconds(5));
      harness.upstream.clearRequests();
      HttpResponse<String> second = chat(harness);

      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.headers().firstValue("retry-after")).contains("15");
      assertThat(second.body()).contains("\"code\":\"all_keys_rate_limited\"");
      assertThat(harness.upstream.requests()).isEmpty();
    }
  }

  @Test
  void answers503WhenEveryKeyIsDisabled() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-b1:status=401,sk-b2:status=403", "MAX_FAILURES", "1"))) {
      HttpResponse<String> first = chat(harness);
      assertThat(first.statusCode()).isEqualTo(403);

      HttpResponse<String> second = chat(harness);

      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.body()).contains("\"code\":\"all_keys_disabled\"").contains("disabled");
    }
  }

  @Test
  void returnsAClientErrorAsIsWithoutRetryOrPenalty() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of("API_KEYS", "sk-k1,sk-k2"))) {
      HttpResponse<String> response = harness.postJson("/v1/chat/completions",
          "{\"model\":\"gpt-4o-mini:status=400\",\"messages\":[]}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("invalid_request_error");
      assertThat(harness.upstream.requests()).hasSize(1);
      assertThat(harness.key("sk-k1").health().failures()).isZero();
    }
  }

  @Test
  void retriesServerErrorsOnAnotherKeyWithoutBlamingTheKey() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-broken:status=500,sk-good"))) {
      assertThat(chat(harness).statusCode()).isEqualTo(200);

      assertThat(keysSeen(harness)).containsExactly("sk-broken:status=500", "sk-good");
      assertThat(harness.key("sk-broken").health().failures()).isZero();
    }
  }

  @Test
  void countsQuotaExhaustionAgainstTheKeyInsteadOfCoolingIt() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-broke:status=429:code=insufficient_quota,sk-good"))) {
      assertThat(chat(harness).statusCode()).isEqualTo(200);

      assertThat(harness.key("sk-broke").health().failures()).isEqualTo(1);
      assertThat(harness.key("sk-broke").health().coolingUntil())
          .isBeforeOrEqualTo(harness.clock.instant());
    }
  }

  @Test
  void makesAtMostMaxRetriesAttemptsAndReturnsTheLastUpstreamAnswer() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-e1:status=500,sk-e2:status=500,sk-e3:status=503,sk-e4:status=500",
        "MAX_RETRIES", "3"))) {
      HttpResponse<String> response = chat(harness);

      assertThat(harness.upstream.requests()).hasSize(3);
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("service_unavailable");
    }
  }

  @Test
  void retriesOnAnotherKeyWhenTheFirstIsSilentForLongerThanTheTimeout() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-slow:ttfb-ms=5000,sk-fast", "TIME_OUT", "1"))) {
      long started = System.nanoTime();
      HttpResponse<String> response = chat(harness);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
      assertThat(keysSeen(harness)).containsExactly("sk-slow:ttfb-ms=5000", "sk-fast");
      assertThat(harness.key("sk-slow").health().failures()).isZero();
    }
  }

  @Test
  void answers502NamingTheProviderWhenTheUpstreamIsUnreachable() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-k1,sk-k2", "BASE_URL", "http://127.0.0.1:1/v1"))) {
      HttpResponse<String> response = chat(harness);

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.body()).contains("\"code\":\"upstream_unreachable\"").contains("'default'");
      assertThat(harness.key("sk-k1").health().failures()).isZero();
      assertThat(harness.key("sk-k2").health().failures()).isZero();
    }
  }
}
