package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.Gateway;
import io.openaibalance.MutableClock;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.keys.KeyStatus;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.mock.MockUpstream;
import io.openaibalance.mock.RecordedRequest;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A disabled key stays disabled and a cooling key keeps cooling after the gateway restarts. */
class KeyStateSurvivesRestartTest {
  @TempDir
  Path tempDir;

  private Vertx vertx;
  private MockUpstream upstream;
  private final MutableClock clock = new MutableClock(Instant.now());
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startUpstream() {
    vertx = Vertx.vertx();
    upstream = MockUpstream.start(vertx);
  }

  @AfterEach
  void stopUpstream() {
    upstream.close();
    vertx.close().await();
  }

  private Gateway start(Persistence persistence) {
    Map<String, String> environment = Map.of(
        "HOST", "127.0.0.1", "PORT", "0", "BASE_URL", upstream.baseUrl(), "ALLOWED_TOKENS", "t-1",
        "MAX_FAILURES", "1",
        "API_KEYS", "sk-revoked:status=401,sk-limited:status=429:retry-after=600,sk-good");
    return Gateway.start(vertx, SettingsLoader.load(tempDir, environment, Map.of()), clock,
        persistence.keyStates(), persistence.requestRecorder()).await();
  }

  private int chat(Gateway gateway) throws Exception {
    return http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
            .header("Authorization", "Bearer t-1")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static PooledKey key(Gateway gateway, String prefix) {
    return gateway.snapshot().providers().defaultProvider().keys().keys().stream()
        .filter(k -> k.secret().reveal().startsWith(prefix)).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void keyStateSurvivesARestart(Dialect dialect) throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    try (AutoCloseable drop = fresh.drop()) {
      try (Persistence persistence = Persistence.open(fresh.config(), TestDatabases.BOX, clock)) {
        Gateway first = start(persistence);
        for (int i = 0; i < 3; i++) {
          assertThat(chat(first)).isEqualTo(200);
        }
        assertThat(key(first, "sk-revoked").health().status(clock.instant())).isEqualTo(KeyStatus.DISABLED);
        assertThat(key(first, "sk-limited").health().status(clock.instant())).isEqualTo(KeyStatus.COOLING);
        first.close().await();
      }

      try (Persistence persistence = Persistence.open(fresh.config(), TestDatabases.BOX, clock)) {
        Gateway second = start(persistence);
        upstream.clearRequests();
        for (int i = 0; i < 6; i++) {
          assertThat(chat(second)).isEqualTo(200);
        }

        assertThat(upstream.requests()).extracting(RecordedRequest::key).containsOnly("sk-good");
        assertThat(key(second, "sk-revoked").health().lastError()).contains("HTTP 401 invalid_api_key");
        clock.advance(Duration.ofSeconds(601));
        assertThat(key(second, "sk-limited").health().status(clock.instant())).isEqualTo(KeyStatus.ACTIVE);
        second.close().await();
      }
    }
  }
}
