package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.config.SettingsLoader;
import io.openaibalance.mock.MockUpstream;
import io.openaibalance.secret.Secret;
import io.openaibalance.store.Dialect;
import io.openaibalance.store.Persistence;
import io.openaibalance.store.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each key's history says when and why it was disabled, cooled down and brought back. */
class KeyHistoryTest {
  private static final String ADMIN = "admin-token-for-tests-0001";

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void recordsDisabledCoolingAndEnabledWithTheirCauses() throws Exception {
    Vertx vertx = Vertx.vertx();
    MockUpstream upstream = MockUpstream.start(vertx);
    upstream.overrideKey("sk-flaky-0001", "status=401");
    Files.writeString(dir.resolve(".env"), "BASE_URL=" + upstream.baseUrl()
        + "\nAPI_KEYS=sk-flaky-0001,sk-limited-0002:status=429:retry-after=600,sk-good-0003"
        + "\nMAX_FAILURES=1\nHOST=127.0.0.1\nPORT=0\nALLOWED_TOKENS=t-1\nAUTH_TOKEN=" + ADMIN
        + "\n");
    TestDatabases.Fresh fresh = TestDatabases.create(Dialect.SQLITE, dir);
    try (AutoCloseable stop = () -> {
          upstream.close();
          vertx.close().await();
        };
        Persistence persistence = Persistence.open(fresh.config(), TestDatabases.BOX,
            new MutableClock(Instant.now()))) {
      SettingsLoader loader = new SettingsLoader(dir, Map.of(), persistence::adminLayer);
      Application app = Application.start(vertx, loader, loader.load(),
          new MutableClock(Instant.now()), persistence).await();
      for (int i = 0; i < 3; i++) {
        assertThat(send(app, "POST", "/v1/chat/completions", "t-1",
            "{\"model\":\"m\",\"messages\":[]}").statusCode()).isEqualTo(200);
      }
      upstream.clearOverrides();
      assertThat(send(app, "POST", "/api/keys/verify", ADMIN, "{\"disabled\":true}").body())
          .contains("\"valid\":1");

      String flaky = Secret.of("sk-flaky-0001").id();
      Await.until("two events of the flaky key", Duration.ofSeconds(10),
          () -> history(app, flaky).size() == 2);
      JsonArray events = history(app, flaky);
      assertThat(events.getJsonObject(0).getString("event")).isEqualTo("enabled");
      assertThat(events.getJsonObject(1).getString("event")).isEqualTo("disabled");
      assertThat(events.getJsonObject(1).getString("detail")).isEqualTo("HTTP 401 invalid_api_key");

      String limited = Secret.of("sk-limited-0002:status=429:retry-after=600").id();
      Await.until("the cooldown of the limited key", Duration.ofSeconds(10),
          () -> history(app, limited).size() == 1);
      JsonObject cooling = history(app, limited).getJsonObject(0);
      assertThat(cooling.getString("event")).isEqualTo("cooling");
      assertThat(Instant.parse(cooling.getString("until"))).isAfter(Instant.now().plusSeconds(500));
      assertThat(send(app, "GET", "/api/keys/" + flaky + "/history", null, null).statusCode())
          .isEqualTo(401);
      app.close().await();
    }
  }

  private JsonArray history(Application app, String keyId) throws Exception {
    HttpResponse<String> answer = send(app, "GET", "/api/keys/" + keyId + "/history", ADMIN, null);
    assertThat(answer.statusCode()).isEqualTo(200);
    return new JsonObject(answer.body()).getJsonArray("events");
  }

  private HttpResponse<String> send(Application app, String method, String path, String token,
      String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + app.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
