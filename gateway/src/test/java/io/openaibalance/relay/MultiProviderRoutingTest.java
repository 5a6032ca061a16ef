package io.openaibalance.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.openaibalance.GatewayHarness;
import io.openaibalance.mock.RecordedRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each route form reaches the provider it names, with that provider's keys. */
class MultiProviderRoutingTest {
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-default-key",
        "PROVIDERS_CONFIG", "[{\"name\":\"deepseek\",\"path\":\"ds\",\"base_url\":\"{upstream}\","
            + "\"api_keys\":[\"sk-deepseek-key\"]},"
            + "{\"name\":\"openai\",\"base_url\":\"{upstream}\",\"api_keys\":[\"sk-openai-named\"]},"
            + "{\"name\":\"off\",\"base_url\":\"{upstream}\",\"api_keys\":[\"sk-off\"],\"enabled\":false}]"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void clear() {
    harness.upstream.clearRequests();
  }

  @ParameterizedTest
  @CsvSource({
      "/v1, sk-default-key",
      "/hf/v1, sk-default-key",
      "/default/v1, sk-default-key",
      "/deepseek/v1, sk-deepseek-key",
      "/ds/v1, sk-deepseek-key",
      "/hf/deepseek/v1, sk-deepseek-key",
      "/openai/deepseek/v1, sk-deepseek-key",
      "/hf/ds/v1, sk-deepseek-key",
      // A provider named like the reserved prefix owns /openai/v1; the default stays at /v1.
      "/openai/v1, sk-openai-named",
      "/openai/openai/v1, sk-openai-named"})
  void routesToTheNamedProvider(String base, String expectedKey) {
    var sdk = com.openai.client.okhttp.OpenAIOkHttpClient.builder()
        .baseUrl(harness.url(base)).apiKey(GatewayHarness.CLIENT_TOKEN).maxRetries(0).build();

    sdk.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage("hi").build());

    RecordedRequest received = harness.upstream.awaitRequests(1, Duration.ofSeconds(5)).get(0);
    assertThat(received.key()).isEqualTo(expectedKey);
    assertThat(received.path()).isEqualTo("/v1/chat/completions");
  }

  @ParameterizedTest
  @CsvSource({
      "/unknown/v1/models, 404, provider_not_found",
      "/hf/unknown/v1/models, 404, provider_not_found",
      "/off/v1/models, 404, provider_disabled",
      "/v2/models, 404, not_found"})
  void refusesRoutesToNoUsableProvider(String path, int status, String code) {
    var response = harness.send("GET", path, null, null);

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    assertThat(harness.upstream.requests()).isEmpty();
  }
}
