package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.config.SettingsLoader;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.mock.MockUpstream;
import io.openaibalance.store.Persistence;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled re-check brings a disabled key back by itself once the upstream accepts it, on
 * the live pool that serves traffic; the jobs and their schedules are listed for the admin.
 */
class ScheduledChecksTest {
  private static final String ADMIN = "admin-token-for-tests-0001";

  @TempDir
  Path dir;

  @Test
  void theRecheckJobRevivesADisabledKeyWithoutAnyoneAsking() throws Exception {
    Vertx vertx = Vertx.vertx();
    MockUpstream upstream = MockUpstream.start(vertx);
    upstream.overrideKey("sk-flaky-0001", "status=401");
    // 0.0003 h is about one second.
    Files.writeString(dir.resolve(".env"), "BASE_URL=" + upstream.baseUrl()
        + "\nAPI_KEYS=sk-flaky-0001,sk-good-0002\nMAX_FAILURES=1\nCHECK_INTERVAL_HOURS=0.0003"
        + "\nHOST=127.0.0.1\nPORT=0\nALLOWED_TOKENS=t-1\nAUTH_TOKEN=" + ADMIN
        + "\nTIMEZONE=Europe/Berlin\nDATABASE_TYPE=memory\n");
    HttpClient http = HttpClient.newHttpClient();
    try (AutoCloseable stop = () -> {
          upstream.close();
          vertx.close().await();
        };
        Persistence persistence = Persistence.inMemory()) {
      SettingsLoader loader = new SettingsLoader(dir, Map.of(), persistence::adminLayer);
      Application app = Application.start(vertx, loader, loader.load(), Clock.systemUTC(),
          persistence).await();
      for (int i = 0; i < 2; i++) {
        http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + "/v1/chat/completions"))
            .header("Authorization", "Bearer t-1")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}"))
            .build(), HttpResponse.BodyHandlers.discarding());
      }
      PooledKey flaky = app.gateway().snapshot().providers().defaultProvider().keys().keys()
          .stream().filter(k -> k.secret().reveal().startsWith("sk-flaky")).findFirst()
          .orElseThrow();
      assertThat(flaky.health().disabled()).isTrue();

      upstream.clearOverrides();
      Await.until("the re-check job to revive the key", Duration.ofSeconds(15),
          () -> !flaky.health().disabled());

      JsonObject jobs = new JsonObject(http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + app.port() + "/api/jobs"))
          .header("Authorization", "Bearer " + ADMIN).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(jobs.getJsonArray("jobs").stream().map(job -> ((JsonObject) job).getString("name")))
          .containsExactlyInAnyOrder("key-recheck", "proxy-check", "log-retention");
      assertThat(jobs.encode()).contains("daily at 03:30 Europe/Berlin");
      app.close().await();
    }
  }
}
