package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.secret.Secret;
import io.openaibalance.store.Dialect;
import io.openaibalance.store.Persistence;
import io.openaibalance.store.TestDatabases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each key's history says when and why it was disabled, cooled down and brought back. */
class KeyHistoryTest {
  private static final String ADMIN = "admin-token-for-tests-0001";

  @TempDir
  Path dir;

  @Test
  void recordsDisabledCoolingAndEnabledWithTheirCauses() throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(Dialect.SQLITE, dir);
    MutableClock clock = new MutableClock(Instant.now());
    try (Persistence persistence = Persistence.open(fresh.config(), TestDatabases.BOX, clock);
        RunningApplication running = new RunningApplication()) {
      running.upstream.overrideKey("sk-flaky-0001", "status=401");
      running.start(dir, "BASE_URL={upstream}\nMAX_FAILURES=1\nAUTH_TOKEN=" + ADMIN
          + "\nAPI_KEYS=sk-flaky-0001,sk-limited-0002:status=429:retry-after=600,sk-good-0003",
          persistence, clock);
      for (int i = 0; i < 3; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      running.upstream.clearOverrides();
      assertThat(running.send("POST", "/api/keys/verify", ADMIN, "{\"disabled\":true}").body())
          .contains("\"valid\":1");

      String flaky = Secret.of("sk-flaky-0001").id();
      Await.until("two events of the flaky key", Duration.ofSeconds(10),
          () -> history(running, flaky).size() == 2);
      JsonArray events = history(running, flaky);
      assertThat(events.getJsonObject(0).getString("event")).isEqualTo("enabled");
      assertThat(events.getJsonObject(1).getString("event")).isEqualTo("disabled");
      assertThat(events.getJsonObject(1).getString("detail")).isEqualTo("HTTP 401 invalid_api_key");

      String limited = Secret.of("sk-limited-0002:status=429:retry-after=600").id();
      Await.until("the cooldown of the limited key", Duration.ofSeconds(10),
          () -> history(running, limited).size() == 1);
      JsonObject cooling = history(running, limited).getJsonObject(0);
      assertThat(cooling.getString("event")).isEqualTo("cooling");
      assertThat(Instant.parse(cooling.getString("until"))).isAfter(Instant.now().plusSeconds(500));
      assertThat(running.send("GET", "/api/keys/" + flaky + "/history", null, null).statusCode())
          .isEqualTo(401);
    }
  }

  private static JsonArray history(RunningApplication running, String keyId) throws Exception {
    HttpResponse<String> answer =
        running.send("GET", "/api/keys/" + keyId + "/history", ADMIN, null);
    assertThat(answer.statusCode()).isEqualTo(200);
    return new JsonObject(answer.body()).getJsonArray("events");
  }
}
