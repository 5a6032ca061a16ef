package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.Gateway;
import io.openaibalance.MutableClock;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.mock.MockUpstream;
import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.secret.Secret;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A failed attempt lands in the error log with the upstream's answer and no secret. */
class ErrorLogTest {
  @TempDir
  Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void recordsTheFailedAttemptWithTheUpstreamBodyAndARedactedRequestBody(Dialect dialect)
      throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    Vertx vertx = Vertx.vertx();
    MockUpstream upstream = MockUpstream.start(vertx);
    try (AutoCloseable drop = fresh.drop();
        Persistence persistence = Persistence.open(fresh.config(), TestDatabases.BOX, new MutableClock(Instant.now()))) {
      Gateway gateway = Gateway.start(vertx, SettingsLoader.load(tempDir, Map.of(
              "HOST", "127.0.0.1", "PORT", "0", "BASE_URL", upstream.baseUrl(),
              "ALLOWED_TOKENS", "t-1", "API_KEYS", "sk-revoked-key-0001:status=401,sk-good",
              "ERROR_LOG_RECORD_REQUEST_BODY", "true"), Map.of()),
          java.time.Clock.systemUTC(), persistence.keyStates(), persistence.requestRecorder()).await();

      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
          .header("Authorization", "Bearer t-1").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\","
              + "\"metadata\":{\"api_key\":\"client-secret-123\"},\"messages\":[{\"role\":\"user\","
              + "\"content\":\"hello there\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);

      List<ErrorRecord> rows = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      try (Database reader = Database.open(fresh.config())) {
        ErrorLogRepository repository = new ErrorLogRepository(reader);
        while (rows.isEmpty() && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(100); // polling pace; the query decides
          rows = repository.newest(10);
        }
      }
      gateway.close().await();

      assertThat(rows).hasSize(1);
      ErrorRecord error = rows.get(0);
      assertThat(error.status()).isEqualTo(401);
      assertThat(error.failure()).isEqualTo("key_rejected");
      assertThat(error.errorCode()).contains("invalid_api_key");
      assertThat(error.keyId()).contains(Secret.of("sk-revoked-key-0001:status=401").id());
      assertThat(error.upstreamBody()).contains("Incorrect API key");
      assertThat(error.requestBody()).hasValueSatisfying(body -> assertThat(body)
          .contains("hello there").contains("[redacted]").doesNotContain("client-secret-123"));
      assertThat(error.toString()).doesNotContain("sk-revoked-key-0001").doesNotContain("t-1\"");
    } finally {
      upstream.close();
      vertx.close().await();
    }
  }
}
