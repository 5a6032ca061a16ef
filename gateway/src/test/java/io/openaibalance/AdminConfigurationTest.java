package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.mock.RecordedRequest;
import io.openaibalance.secret.Secret;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin's settings and keys through the API: each setting with its source and secrets masked,
 * an invalid change refused whole, a valid one live at once; keys added, removed, disabled and
 * enabled on the pools that serve traffic.
 */
class AdminConfigurationTest {
  private static final String ADMIN = "admin-token-for-tests-0001";
  private static final String ENV_KEY = "sk-env-key-0001-abcdef";

  @TempDir
  Path dir;

  @Test
  void settingsShowTheirSourceAndChangesAreValidatedWholeThenLive() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAPI_KEYS=" + ENV_KEY + "\nMAX_FAILURES=2\nAUTH_TOKEN="
            + ADMIN)) {

      HttpResponse<String> config = running.send("GET", "/api/config", ADMIN, null);
      assertThat(config.statusCode()).isEqualTo(200);
      assertThat(variable(config, "MAX_FAILURES").getString("source")).isEqualTo("dotenv_file");
      assertThat(config.body()).doesNotContain(ENV_KEY).doesNotContain(ADMIN)
          .contains(Secret.mask(ENV_KEY));

      HttpResponse<String> invalid = running.send("PUT", "/api/config", ADMIN,
          "{\"MAX_RETRIES\":\"2\",\"MAX_FAILURES\":\"oops\"}");
      assertThat(invalid.statusCode()).isEqualTo(400);
      assertThat(invalid.body()).contains("invalid_settings").contains("MAX_FAILURES");
      assertThat(variable(running.send("GET", "/api/config", ADMIN, null), "MAX_RETRIES")
          .getString("source")).as("nothing of an invalid change is saved").isEqualTo("default");
      assertThat(running.send("PUT", "/api/config", ADMIN, "{\"DATABASE_TYPE\":\"memory\"}")
          .statusCode()).isEqualTo(400);

      HttpResponse<String> saved =
          running.send("PUT", "/api/config", ADMIN, "{\"MAX_FAILURES\":\"5\"}");
      assertThat(saved.statusCode()).isEqualTo(200);
      assertThat(variable(saved, "MAX_FAILURES").getString("source")).isEqualTo("admin");
      assertThat(running.app().gateway().snapshot().settings().providers().get(0).maxFailures())
          .isEqualTo(5);
    }
  }

  @Test
  void keysAreAddedRemovedDisabledAndEnabledOnTheLivePools() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAPI_KEYS=" + ENV_KEY + "\nAUTH_TOKEN=" + ADMIN)) {
      String added = "sk-added-by-admin-0002-xyz";
      HttpResponse<String> add = running.send("POST", "/api/keys", ADMIN,
          "{\"provider\":\"default\",\"key\":\"" + added + "\",\"label\":\"team A\"}");
      assertThat(add.statusCode()).isEqualTo(201);
      assertThat(add.body()).doesNotContain(added);
      assertThat(running.send("POST", "/api/keys", ADMIN,
          "{\"provider\":\"default\",\"key\":\"" + added + "\"}").statusCode()).isEqualTo(409);
      String keys = running.send("GET", "/api/keys", ADMIN, null).body();
      assertThat(keys).contains("\"source\":\"admin\"").contains("\"source\":\"env\"")
          .doesNotContain(added).doesNotContain(ENV_KEY);

      running.upstream.clearRequests();
      for (int i = 0; i < 4; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      assertThat(running.upstream.requests()).extracting(RecordedRequest::key)
          .contains(added, ENV_KEY);

      String envId = Secret.of(ENV_KEY).id();
      assertThat(running.send("DELETE", "/api/keys/default/" + envId, ADMIN, null).statusCode())
          .isEqualTo(409);
      assertThat(running.send("POST", "/api/keys/default/" + envId + "/disable", ADMIN, null)
          .body()).contains("\"state\":\"disabled\"");
      running.upstream.clearRequests();
      for (int i = 0; i < 3; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      assertThat(running.upstream.requests()).extracting(RecordedRequest::key).containsOnly(added);
      assertThat(running.send("POST", "/api/keys/default/" + envId + "/enable", ADMIN, null)
          .body()).contains("\"state\":\"active\"");

      assertThat(running.send("DELETE", "/api/keys/default/" + Secret.of(added).id(), ADMIN,
          null).statusCode()).isEqualTo(200);
      running.upstream.clearRequests();
      for (int i = 0; i < 3; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      assertThat(running.upstream.requests()).extracting(RecordedRequest::key)
          .containsOnly(ENV_KEY);
    }
  }

  private static JsonObject variable(HttpResponse<String> config, String name) {
    return new JsonObject(config.body()).getJsonArray("variables").stream()
        .map(JsonObject.class::cast).filter(v -> v.getString("name").equals(name)).findFirst()
        .orElseThrow();
  }

  /**
   * Two admins saving at once: each save names only its fields and saves are applied one at a
   * time, so every field keeps the last value written to it and none is lost or half-written.
   */
  @Test
  void concurrentSavesOfDifferentFieldsAllLand() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAPI_KEYS=" + ENV_KEY + "\nAUTH_TOKEN=" + ADMIN)) {
      java.util.Map<String, String> wanted = java.util.Map.of("MAX_RETRIES", "7",
          "MAX_FAILURES", "9", "TEST_MODEL", "gpt-test", "TIME_OUT", "42",
          "RATE_LIMIT_DEFAULT_COOLDOWN_SECONDS", "77", "LOG_LEVEL", "WARNING");
      java.util.List<java.util.concurrent.CompletableFuture<Integer>> saves =
          new java.util.ArrayList<>();
      java.util.concurrent.ExecutorService admins =
          java.util.concurrent.Executors.newFixedThreadPool(wanted.size());
      try {
        wanted.forEach((name, value) -> saves.add(java.util.concurrent.CompletableFuture
            .supplyAsync(() -> {
              try {
                return running.send("PUT", "/api/config", ADMIN,
                    new JsonObject().put(name, value).encode()).statusCode();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }, admins)));
        for (var save : saves) {
          assertThat(save.get()).isEqualTo(200);
        }
      } finally {
        admins.shutdown();
      }
      JsonObject settings = new JsonObject(running.send("GET", "/api/config", ADMIN, null).body());
      wanted.forEach((name, value) -> {
        JsonObject variable = settings.getJsonArray("variables").stream()
            .map(JsonObject.class::cast).filter(v -> v.getString("name").equals(name))
            .findFirst().orElseThrow();
        assertThat(variable.getString("value")).as(name).isEqualTo(value);
        assertThat(variable.getString("source")).as(name).isEqualTo("admin");
      });
      assertThat(running.app().gateway().snapshot().providers().defaultProvider().settings()
          .maxRetries()).isEqualTo(7);
    }
  }

  @Test
  void providersAreAddedValidatedListedAndRemovedLive() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAPI_KEYS=" + ENV_KEY + "\nAUTH_TOKEN=" + ADMIN
            + "\nPROVIDERS_CONFIG=[{\"name\":\"team\",\"api_keys\":[\"sk-team-env-key-0001\"]}]")) {
      HttpResponse<String> bad = running.send("PUT", "/api/config/providers/extra", ADMIN,
          "{\"base_url\":\"ftp://nowhere\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("base_url");

      String upstream = running.upstream.baseUrl();
      HttpResponse<String> saved = running.send("PUT", "/api/config/providers/extra", ADMIN,
          "{\"base_url\":\"" + upstream
              + "\",\"custom_headers\":{\"X-Team\":\"secret-team-header-value\"}}");
      assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
      assertThat(saved.body()).contains("\"name\":\"extra\"").contains("\"source\":\"admin\"")
          .doesNotContain("secret-team-header-value");
      assertThat(running.send("POST", "/api/keys", ADMIN,
          "{\"provider\":\"extra\",\"key\":\"sk-extra-provider-key-01\"}").statusCode())
          .isEqualTo(201);
      assertThat(running.send("POST", "/extra/v1/chat/completions", "t-1",
          "{\"model\":\"m\",\"messages\":[]}").statusCode()).isEqualTo(200);
      assertThat(running.upstream.requests()).extracting(RecordedRequest::key)
          .contains("sk-extra-provider-key-01");

      // A partial save keeps what it does not name: the header stays, the timeout changes.
      HttpResponse<String> patched = running.send("PUT", "/api/config/providers/extra", ADMIN,
          "{\"timeout\":12}");
      assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
      JsonObject extra = provider(patched.body(), "extra");
      assertThat(extra.getDouble("timeout")).isEqualTo(12.0);
      assertThat(extra.getJsonObject("custom_headers").fieldNames()).containsExactly("X-Team");

      // The admin lays fields over a provider from .env without losing its keys; deleting the
      // admin's entry brings the file's back.
      JsonObject team = provider(running.send("PUT", "/api/config/providers/team", ADMIN,
          "{\"enabled\":false}").body(), "team");
      assertThat(team.getBoolean("enabled")).isFalse();
      assertThat(team.getInteger("keys")).isEqualTo(1);
      assertThat(team.getString("base_url")).startsWith(upstream);
      assertThat(running.send("DELETE", "/api/config/providers/team", ADMIN, null).statusCode())
          .isEqualTo(200);
      JsonObject restored = provider(running.send("GET", "/api/config/providers", ADMIN, null)
          .body(), "team");
      assertThat(restored.getBoolean("enabled")).isTrue();
      assertThat(restored.getInteger("keys")).isEqualTo(1);

      assertThat(running.send("DELETE", "/api/config/providers/default", ADMIN, null)
          .statusCode()).isEqualTo(409);
      assertThat(running.send("DELETE", "/api/config/providers/extra", ADMIN, null).statusCode())
          .isEqualTo(200);
      assertThat(running.send("POST", "/extra/v1/chat/completions", "t-1",
          "{\"model\":\"m\",\"messages\":[]}").statusCode()).isEqualTo(404);
    }
  }

  private static JsonObject provider(String body, String name) {
    return new JsonObject(body).getJsonArray("providers").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("name").equals(name)).findFirst().orElseThrow();
  }
}
