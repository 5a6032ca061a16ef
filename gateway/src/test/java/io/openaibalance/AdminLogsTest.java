package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The error log through the admin API: filtered, sorted, paged, detailed and deleted. */
class AdminLogsTest {
  private static final String ADMIN = "admin-token-for-tests-0001";
  private static final String REVOKED = "sk-revoked-key-00000001";

  @TempDir
  Path dir;

  @Test
  void errorLogsAreFilteredPagedDetailedAndDeletedWithoutShowingKeys() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAUTH_TOKEN=" + ADMIN + "\nMAX_FAILURES=100"
          + "\nAPI_KEYS=" + REVOKED + ",sk-broken-key-00000002,sk-good-key-00000003",
            upstream -> {
              upstream.overrideKey(REVOKED, "status=401");
              upstream.overrideKey("sk-broken-key-00000002", "status=500");
            })) {
      for (int i = 0; i < 6; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      // Each attempt takes the next key in turn: every request fails on the revoked key (401)
      // and the broken one (500) before the good one answers.
      Await.until("twelve failed attempts in the error log", Duration.ofSeconds(10),
          () -> list(running, "").getLong("total") == 12);

      JsonObject unauthorized = list(running, "status=401");
      assertThat(unauthorized.getLong("total")).isEqualTo(6);
      assertThat(unauthorized.getJsonArray("entries").stream()
          .map(e -> ((JsonObject) e).getInteger("status"))).containsOnly(401);
      assertThat(list(running, "q=invalid_api_key").getLong("total")).isEqualTo(6);
      JsonObject firstPage = list(running, "size=3&sort=status&order=asc");
      assertThat(firstPage.getJsonArray("entries")).hasSize(3);
      assertThat(firstPage.getJsonArray("entries").getJsonObject(0).getInteger("status"))
          .isEqualTo(401);
      assertThat(list(running, "page=1&size=8").getJsonArray("entries")).hasSize(4);
      assertThat(running.send("GET", "/api/logs/errors?sort=upstream_body", ADMIN, null)
          .statusCode()).isEqualTo(400);

      long id = unauthorized.getJsonArray("entries").getJsonObject(0).getLong("id");
      String details = running.send("GET", "/api/logs/errors/" + id, ADMIN, null).body();
      assertThat(details).contains("Incorrect API key provided").doesNotContain(REVOKED);

      assertThat(running.send("DELETE", "/api/logs/errors/" + id, ADMIN, null).body())
          .contains("\"deleted\":1");
      assertThat(list(running, "").getLong("total")).isEqualTo(11);
      assertThat(running.send("GET", "/api/logs/errors/" + id, ADMIN, null).statusCode())
          .isEqualTo(404);
      assertThat(running.send("DELETE", "/api/logs/errors", ADMIN, null).body())
          .contains("\"deleted\":11");
      assertThat(list(running, "").getJsonArray("entries")).isEqualTo(new JsonArray());
    }
  }

  private static JsonObject list(RunningApplication running, String query) throws Exception {
    var answer = running.send("GET", "/api/logs/errors?" + query, ADMIN, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }
}
