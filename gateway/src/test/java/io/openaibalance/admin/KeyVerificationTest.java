package io.openaibalance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.GatewayHarness;
import io.openaibalance.keys.KeyStatus;
import io.openaibalance.mock.RecordedRequest;
import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.relay.RequestRecord;
import io.openaibalance.relay.RequestRecorder;
import io.openaibalance.secret.Secret;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Verifying a key, by its id, judges it like traffic does: a revoked key stays disabled, one the
 * upstream accepts again serves traffic again. A verification is not a relayed request.
 */
class KeyVerificationTest {
  private static final String ADMIN = "admin-token-for-tests-0001";
  private static final String CHAT = "{\"model\":\"m\",\"messages\":[]}";

  private static final class Counting implements RequestRecorder {
    final List<RequestRecord> requests = new CopyOnWriteArrayList<>();

    @Override
    public void request(RequestRecord record) {
      requests.add(record);
    }

    @Override
    public void error(ErrorRecord record) {}
  }

  @Test
  void aDisabledKeyComesBackWhenItsCheckPasses() {
    Counting recorder = new Counting();
    try (GatewayHarness harness = GatewayHarness.start(Map.of("API_KEYS", "sk-flaky-0001,sk-good-0002",
        "MAX_FAILURES", "1", "AUTH_TOKEN", ADMIN, "TEST_MODEL", "gpt-test-model"), recorder)) {
      harness.upstream.overrideKey("sk-flaky-0001", "status=401");
      for (int i = 0; i < 2; i++) {
        assertThat(harness.postJson("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
      }
      assertThat(harness.key("sk-flaky").health().disabled()).isTrue();
      String id = Secret.of("sk-flaky-0001").id();

      HttpResponse<String> stillRevoked =
          harness.admin("POST", "/api/keys/verify/" + id, ADMIN, null);
      assertThat(stillRevoked.statusCode()).isEqualTo(200);
      JsonObject revoked = new JsonObject(stillRevoked.body());
      assertThat(revoked.getBoolean("valid")).isFalse();
      assertThat(revoked.getInteger("status")).isEqualTo(401);
      assertThat(revoked.getString("state")).isEqualTo("disabled");
      assertThat(stillRevoked.body()).doesNotContain("sk-flaky-0001")
          .contains(Secret.of("sk-flaky-0001").masked());

      harness.upstream.clearOverrides();
      harness.upstream.clearRequests();
      JsonObject rechecked = new JsonObject(
          harness.admin("POST", "/api/keys/verify", ADMIN, "{\"disabled\":true}").body());
      assertThat(rechecked.getInteger("total")).isEqualTo(1);
      assertThat(rechecked.getInteger("valid")).isEqualTo(1);
      assertThat(harness.upstream.requests()).singleElement().satisfies(check -> {
        assertThat(check.key()).isEqualTo("sk-flaky-0001");
        assertThat(check.bodyText()).contains("gpt-test-model").contains("\"max_tokens\":1");
      });
      assertThat(harness.key("sk-flaky").health().status(harness.clock.instant()))
          .isEqualTo(KeyStatus.ACTIVE);
      assertThat(recorder.requests).as("checks are not relayed requests")
          .noneMatch(r -> r.model().equals(java.util.Optional.of("gpt-test-model")));

      harness.upstream.clearRequests();
      for (int i = 0; i < 4; i++) {
        assertThat(harness.postJson("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
      }
      assertThat(harness.upstream.requests()).extracting(RecordedRequest::key)
          .contains("sk-flaky-0001");
      assertThat(harness.admin("POST", "/api/keys/verify/0123456789abcdef", ADMIN, null)
          .statusCode()).isEqualTo(404);
    }
  }
}
