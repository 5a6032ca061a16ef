package io.openaibalance.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.GatewayHarness;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.mock.RecordedRequest;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** New settings apply to the next request; keys that stay keep their live state. */
class LiveReconfigurationTest {

  @Test
  void appliesNewKeysToTheNextRequestAndKeepsTheStateOfKeysThatStay() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-stays:status=401,sk-goes", "MAX_FAILURES", "5"))) {
      harness.postJson("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
      PooledKey before = harness.key("sk-stays");
      assertThat(before.health().failures()).isEqualTo(1);

      Map<String, String> environment = new HashMap<>();
      environment.put("HOST", "127.0.0.1");
      environment.put("PORT", "0");
      environment.put("BASE_URL", harness.upstream.baseUrl());
      environment.put("ALLOWED_TOKENS", GatewayHarness.CLIENT_TOKEN);
      environment.put("API_KEYS", "sk-stays:status=401,sk-new");
      environment.put("MAX_FAILURES", "5");
      harness.gateway.apply(SettingsLoader.load(Files.createTempDirectory("reload"), environment, Map.of()));
      harness.upstream.clearRequests();

      for (int i = 0; i < 3; i++) {
        harness.postJson("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
      }

      assertThat(harness.upstream.requests()).extracting(RecordedRequest::key)
          .contains("sk-new").doesNotContain("sk-goes");
      assertThat(harness.key("sk-stays")).isSameAs(before);
      assertThat(before.health().failures()).isGreaterThan(1);
    }
  }
}
