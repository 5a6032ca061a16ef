package io.openaibalance.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.models.Model;
import io.openaibalance.GatewayHarness;
import io.openaibalance.mock.RecordedRequest;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The model list uses the dedicated key when there is one and hides filtered models. */
class ModelListTest {

  @Test
  void usesTheModelRequestKeyAndHidesFilteredModels() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-pool-a",
        "MODEL_REQUEST_KEY", "sk-models-only",
        "FILTERED_MODELS", "gpt-4o,dall-e-3"))) {
      var ids = harness.sdk().models().list().data().stream().map(Model::id).collect(Collectors.toSet());

      assertThat(ids).contains("gpt-4o-mini", "whisper-1").doesNotContain("gpt-4o", "dall-e-3");
      RecordedRequest received = harness.upstream.awaitRequests(1, Duration.ofSeconds(5)).get(0);
      assertThat(received.key()).isEqualTo("sk-models-only");
    }
  }

  @Test
  void doesNotBlameOrRotateTheModelRequestKey() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-pool-a", "MODEL_REQUEST_KEY", "sk-models-bad:status=401"))) {
      var response = harness.send("GET", "/v1/models", null, null);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(harness.upstream.requests()).extracting(RecordedRequest::key)
          .containsExactly("sk-models-bad:status=401");
      assertThat(harness.key("sk-pool-a").health().failures()).isZero();
    }
  }

  @Test
  void usesAPoolKeyWhenThereIsNoModelRequestKey() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of("API_KEYS", "sk-pool-a"))) {
      assertThat(harness.send("GET", "/v1/models", null, null).statusCode()).isEqualTo(200);

      assertThat(harness.upstream.requests()).extracting(RecordedRequest::key)
          .containsExactly("sk-pool-a");
    }
  }
}
