package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.egress.ProxyServers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration page's server-side helpers: a provider's model list fetched with its key by
 * the server, settings grouped for the page, and the proxy list changed from the admin (pasted,
 * checked, pruned) without a password ever coming back.
 */
class AdminProxiesAndModelsTest {
  private static final String ADMIN = "admin-token-for-tests-0001";
  private static final String KEY = "sk-model-lister-key-0001";

  @TempDir
  Path dir;

  @Test
  void modelListsAreFetchedByTheServerAndSettingsAreGrouped() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAUTH_TOKEN=" + ADMIN + "\nAPI_KEYS=" + KEY)) {
      HttpResponse<String> models = running.send("GET", "/api/config/providers/default/models",
          ADMIN, null);
      assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
      assertThat(new JsonObject(models.body()).getJsonArray("models").getList())
          .contains("gpt-4o-mini");
      assertThat(running.upstream.requests()).anyMatch(r -> r.key().equals(KEY)
          && r.path().endsWith("/models"));
      assertThat(running.send("GET", "/api/config/providers/nope/models", ADMIN, null)
          .statusCode()).isEqualTo(404);

      running.upstream.overrideKey(KEY, "status=401");
      HttpResponse<String> refused = running.send("GET", "/api/config/providers/default/models",
          ADMIN, null);
      assertThat(refused.statusCode()).isEqualTo(502);
      assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code"))
          .isEqualTo("model_list_failed");
      assertThat(refused.body()).doesNotContain(KEY);

      JsonArray variables = new JsonObject(running.send("GET", "/api/config", ADMIN, null).body())
          .getJsonArray("variables");
      assertThat(group(variables, "MAX_RETRIES")).isEqualTo("api");
      assertThat(group(variables, "PROXIES")).isEqualTo("proxies");
      assertThat(group(variables, "TEST_MODEL")).isEqualTo("models");
      assertThat(group(variables, "CHECK_INTERVAL_HOURS")).isEqualTo("scheduler");
      assertThat(group(variables, "AUTO_DELETE_ERROR_LOGS_DAYS")).isEqualTo("logging");
      assertThat(group(variables, "PROVIDERS_CONFIG")).isEqualTo("providers");
      assertThat(group(variables, "MYSQL_PASSWORD")).isEqualTo("database");
    }
  }

  @Test
  void proxiesArePastedCheckedAndTheUnavailableOnesRemoved() throws Exception {
    try (ProxyServers.Server working = ProxyServers.httpProxy(dir);
        RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAUTH_TOKEN=" + ADMIN + "\nAPI_KEYS=" + KEY
          + "\nPROXY_MAX_FAILURES=1\nPROXY_CHECK_TIMEOUT=2\nPROXY_CHECK_URL={upstream}/models")) {
      String secretPassword = "proxy-password-77";
      String paste = working.url() + "\nsocks5://user:" + secretPassword + "@127.0.0.1:9\n"
          + working.url() + ", junk://nowhere\n";
      HttpResponse<String> added = running.send("POST", "/api/config/proxies", ADMIN,
          new JsonObject().put("proxies", paste).encode());
      assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
      JsonObject summary = new JsonObject(added.body());
      assertThat(summary.getInteger("added")).isEqualTo(2);
      assertThat(summary.getInteger("duplicates")).isEqualTo(1);
      assertThat(summary.getJsonArray("invalid")).hasSize(1);
      assertThat(added.body()).doesNotContain(secretPassword);
      assertThat(running.app().gateway().snapshot().settings().proxies().proxies()).hasSize(2);
      String settings = running.send("GET", "/api/config", ADMIN, null).body();
      assertThat(settings).doesNotContain(secretPassword);

      // One proxy is checked by its id: the page knows a password only masked.
      JsonObject one = new JsonObject(running.send("POST", "/api/config/proxy/check", ADMIN,
          new JsonObject().put("id", working.address().id()).encode()).body());
      assertThat(one.getBoolean("is_available")).isTrue();
      assertThat(running.send("POST", "/api/config/proxy/check", ADMIN, "{\"id\":\"nope\"}")
          .statusCode()).isEqualTo(404);

      JsonObject checks = new JsonObject(running.send("POST", "/api/config/proxy/check-all",
          ADMIN, null).body());
      assertThat(checks.getInteger("available")).isEqualTo(1);
      JsonObject pruned = new JsonObject(running.send("POST",
          "/api/config/proxies/remove-unavailable", ADMIN, null).body());
      assertThat(pruned.getInteger("removed")).isEqualTo(1);
      assertThat(running.app().gateway().snapshot().settings().proxies().proxies())
          .extracting(p -> p.masked()).containsExactly(working.address().masked());

      String id = working.address().id();
      assertThat(running.send("DELETE", "/api/config/proxies/" + id, ADMIN, null).statusCode())
          .isEqualTo(200);
      assertThat(running.app().gateway().snapshot().settings().proxies().proxies()).isEmpty();
      assertThat(running.send("DELETE", "/api/config/proxies/" + id, ADMIN, null).statusCode())
          .isEqualTo(404);
    }
  }

  private static String group(JsonArray variables, String name) {
    return variables.stream().map(JsonObject.class::cast)
        .filter(v -> v.getString("name").equals(name)).findFirst().orElseThrow()
        .getString("group");
  }
}
