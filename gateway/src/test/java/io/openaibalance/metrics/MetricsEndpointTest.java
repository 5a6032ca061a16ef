package io.openaibalance.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.GatewayHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /metrics} counts requests, retries and key states, with no secret in any label. */
class MetricsEndpointTest {

  @Test
  void countsRequestsRetriesAndKeyStatesWithoutSecrets() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-broken-0001:status=500,sk-revoked-0002:status=401,sk-good-0003",
        "MAX_FAILURES", "1"))) {
      for (int i = 0; i < 3; i++) {
        assertThat(harness.postJson("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}")
            .statusCode()).isEqualTo(200);
      }
      harness.send(HttpRequest.newBuilder(URI.create(harness.url("/v1/models"))).GET().build());

      HttpResponse<String> metrics = harness.send(
          HttpRequest.newBuilder(URI.create(harness.url("/metrics"))).GET().build());

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain"));
      String text = metrics.body();
      assertThat(text)
          .contains("openai_balance_requests_total{provider=\"default\",status=\"200\"} 3.0")
          .contains("openai_balance_requests_total{provider=\"default\",status=\"401\"} 1.0")
          .contains("openai_balance_retries_total{provider=\"default\",reason=\"upstream_error\"}")
          .contains("openai_balance_retries_total{provider=\"default\",reason=\"key_rejected\"} 1.0")
          .contains("openai_balance_keys{provider=\"default\",state=\"disabled\"} 1.0")
          .contains("openai_balance_keys{provider=\"default\",state=\"active\"} 2.0")
          .contains("openai_balance_first_byte_seconds_bucket")
          .contains("jvm_memory_used_bytes");
      assertThat(text).doesNotContain("sk-broken").doesNotContain("sk-revoked")
          .doesNotContain("sk-good").doesNotContain(GatewayHarness.CLIENT_TOKEN)
          .doesNotContain("/v1/chat");
    }
  }

  @Test
  void countsByModelWithABoundOnDistinctModelNames() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of("API_KEYS", "sk-good-0003"))) {
      for (int i = 0; i < 2; i++) {
        assertThat(harness.postJson("/v1/chat/completions",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
            .statusCode()).isEqualTo(200);
      }
      for (int i = 0; i < GatewayMetrics.MODEL_LABELS + 5; i++) {
        harness.postJson("/v1/chat/completions", "{\"model\":\"made-up-" + i + "\",\"messages\":[]}");
      }
      harness.postJson("/v1/chat/completions", "{\"model\":\"spaces are not a model\",\"messages\":[]}");

      String text = harness.send(
          HttpRequest.newBuilder(URI.create(harness.url("/metrics"))).GET().build()).body();

      assertThat(text).contains("openai_balance_model_requests_total{model=\"gpt-4o-mini\","
          + "provider=\"default\",status=\"200\"} 2.0");
      assertThat(text).containsPattern(
          "openai_balance_tokens_total\\{kind=\"prompt\",model=\"gpt-4o-mini\",provider=\"default\"} [1-9]");
      long modelSeries = text.lines()
          .filter(line -> line.startsWith("openai_balance_model_requests_total{")).count();
      assertThat(modelSeries).as("one series per admitted model, plus other")
          .isEqualTo(GatewayMetrics.MODEL_LABELS + 1);
      assertThat(text).contains("model=\"other\"").doesNotContain("spaces are not");
    }
  }
}
