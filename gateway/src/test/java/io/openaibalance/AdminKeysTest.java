package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.mock.RecordedRequest;
import io.openaibalance.secret.Secret;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys page's API: the list cut on the server (filters, search, sort, pages, totals per
 * state, last-24-hour use), resetting failures, bulk actions, and the request log.
 */
class AdminKeysTest {
  private static final String ADMIN = "admin-token-for-tests-0001";
  private static final String REVOKED = "sk-revoked-key-00000001";
  private static final String GOOD = "sk-good-key-000000002";

  @TempDir
  Path dir;

  @Test
  void keysAreListedFilteredSearchedSortedAndPagedOnTheServer() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAUTH_TOKEN=" + ADMIN + "\nMAX_FAILURES=2"
          + "\nAPI_KEYS=" + REVOKED + "," + GOOD,
            upstream -> upstream.overrideKey(REVOKED, "status=401"))) {
      // Two requests on two keys: the revoked one fails once each time and is then disabled.
      for (int i = 0; i < 2; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      Await.until("the good key's calls in the last 24 hours", Duration.ofSeconds(10), () ->
          list(running, "search=" + Secret.of(GOOD).id()).getJsonArray("keys").getJsonObject(0)
              .getLong("calls_24h") >= 1);

      StringBuilder paste = new StringBuilder();
      for (int i = 0; i < 120; i++) {
        paste.append(String.format("sk-pasted-key-%08d%n", i));
      }
      JsonObject added = json(running.send("POST", "/api/keys/batch", ADMIN, new JsonObject()
          .put("keys", paste.toString()).put("label", "batch one").encode()).body());
      assertThat(added.getInteger("added")).isEqualTo(120);

      JsonObject all = list(running, "");
      assertThat(all.getInteger("total")).isEqualTo(122);
      assertThat(all.getJsonArray("keys")).hasSize(50);
      JsonObject totals = all.getJsonArray("summary").getJsonObject(0);
      assertThat(totals.getString("provider")).isEqualTo("default");
      assertThat(totals.getInteger("disabled")).isEqualTo(1);
      assertThat(totals.getInteger("active")).isEqualTo(121);
      assertThat(list(running, "page=2&size=50").getJsonArray("keys")).hasSize(22);

      JsonObject disabled = list(running, "state=disabled");
      assertThat(disabled.getInteger("total")).isEqualTo(1);
      JsonObject revoked = disabled.getJsonArray("keys").getJsonObject(0);
      assertThat(revoked.getString("id")).isEqualTo(Secret.of(REVOKED).id());
      assertThat(revoked.getString("key")).isEqualTo(Secret.of(REVOKED).masked());
      assertThat(revoked.getInteger("failures")).isEqualTo(2);
      assertThat(revoked.getString("last_error")).isNotBlank();
      assertThat(list(running, "min_failures=1").getInteger("total")).isEqualTo(1);

      // The page turns a whole key into its id with a POST, so the key is never in a URL.
      assertThat(json(running.send("POST", "/api/keys/lookup", ADMIN, new JsonObject()
          .put("key", GOOD).encode()).body()).getString("id")).isEqualTo(Secret.of(GOOD).id());
      assertThat(running.send("POST", "/api/keys/lookup", ADMIN, "{}").statusCode())
          .isEqualTo(400);
      // A whole key pasted into the search finds it by id; a label and a masked part find theirs.
      assertThat(list(running, "search=" + encode(GOOD)).getJsonArray("keys").getJsonObject(0)
          .getString("id")).isEqualTo(Secret.of(GOOD).id());
      JsonObject labelled = list(running, "search=batch+one&size=500");
      assertThat(labelled.getInteger("total")).isEqualTo(120);
      assertThat(labelled.getJsonArray("keys").getJsonObject(0).getString("label"))
          .isEqualTo("batch one");
      assertThat(labelled.getJsonArray("keys").getJsonObject(0).getString("source"))
          .isEqualTo("admin");
      assertThat(list(running, "search=" + encode(Secret.of(GOOD).masked())).getInteger("total"))
          .isEqualTo(1);

      JsonObject busiest = list(running, "sort=calls_24h&order=desc&size=1");
      assertThat(busiest.getJsonArray("keys").getJsonObject(0).getString("id"))
          .isIn(Secret.of(GOOD).id(), Secret.of(REVOKED).id());
      JsonObject byFailures = list(running, "sort=failures&order=desc&size=1");
      assertThat(byFailures.getJsonArray("keys").getJsonObject(0).getString("id"))
          .isEqualTo(Secret.of(REVOKED).id());

      for (String bad : List.of("sort=sealed_key", "state=broken", "size=0", "page=x")) {
        assertThat(running.send("GET", "/api/keys?" + bad, ADMIN, null).statusCode())
            .as(bad).isEqualTo(400);
      }
      String body = running.send("GET", "/api/keys?size=500", ADMIN, null).body();
      assertThat(body).doesNotContain(REVOKED).doesNotContain(GOOD)
          .doesNotContain("sk-pasted-key-00000001");
    }
  }

  @Test
  void failuresAreResetAndKeysChangedInBulk() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAUTH_TOKEN=" + ADMIN + "\nMAX_FAILURES=1"
          + "\nAPI_KEYS=" + REVOKED + "," + GOOD,
            upstream -> upstream.overrideKey(REVOKED, "status=401"))) {
      assertThat(running.chat()).isEqualTo(200);
      String revokedId = Secret.of(REVOKED).id();
      assertThat(list(running, "state=disabled").getInteger("total")).isEqualTo(1);

      running.upstream.overrideKey(REVOKED, "");
      JsonObject reset = json(running.send("POST", "/api/keys/reset-fail-count/" + revokedId,
          ADMIN, null).body());
      assertThat(reset.getString("state")).isEqualTo("active");
      assertThat(reset.getInteger("failures")).isZero();
      running.upstream.clearRequests();
      for (int i = 0; i < 2; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      assertThat(running.upstream.requests()).extracting(RecordedRequest::key).contains(REVOKED);
      assertThat(running.send("POST", "/api/keys/reset-fail-count/nope", ADMIN, null)
          .statusCode()).isEqualTo(404);

      String added = "sk-added-key-0000000003";
      running.send("POST", "/api/keys", ADMIN, new JsonObject().put("key", added).encode());
      JsonArray both = new JsonArray()
          .add(new JsonObject().put("provider", "default").put("id", revokedId))
          .add(new JsonObject().put("provider", "default").put("id", Secret.of(added).id()));
      JsonObject disable = bulk(running, "disable", both);
      assertThat(disable.getInteger("done")).isEqualTo(2);
      running.upstream.clearRequests();
      for (int i = 0; i < 3; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      assertThat(running.upstream.requests()).extracting(RecordedRequest::key).containsOnly(GOOD);

      JsonObject resetAll = json(running.send("POST", "/api/keys/reset-fail-count", ADMIN,
          "{\"all\":true}").body());
      assertThat(resetAll.getInteger("reset")).isEqualTo(2);
      assertThat(list(running, "state=active").getInteger("total")).isEqualTo(3);

      // The .env key cannot be deleted here: it is skipped with the reason; the added one goes.
      JsonObject delete = bulk(running, "delete", both.copy().add(new JsonObject()
          .put("provider", "default").put("id", "0000000000000000")));
      assertThat(delete.getInteger("done")).isEqualTo(1);
      assertThat(delete.getJsonArray("skipped")).hasSize(2);
      assertThat(delete.getJsonArray("skipped").getJsonObject(0).getString("reason"))
          .contains(".env");
      assertThat(list(running, "").getInteger("total")).isEqualTo(2);
      running.upstream.clearRequests();
      for (int i = 0; i < 4; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      assertThat(running.upstream.requests()).extracting(RecordedRequest::key)
          .doesNotContain(added);

      assertThat(running.send("POST", "/api/keys/bulk", ADMIN,
          "{\"action\":\"explode\",\"keys\":[]}").statusCode()).isEqualTo(400);
      assertThat(running.send("POST", "/api/keys/bulk", ADMIN,
          "{\"action\":\"enable\",\"keys\":[\"x\"]}").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void deletingAKeyDoesNotBreakTheStreamItServes() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAUTH_TOKEN=" + ADMIN + "\nAPI_KEYS=" + GOOD)) {
      String added = "sk-streaming-key-0000000005";
      running.send("POST", "/api/keys", ADMIN, new JsonObject().put("key", added).encode());
      // The .env key is rate-limited, so the stream is served by the added key, slowly.
      running.upstream.overrideKey(GOOD, "status=429:retry-after=60");
      running.upstream.overrideKey(added, "chunks=20:interval-ms=50");
      running.upstream.clearRequests();
      java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> stream =
          java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + running.app().port()
                      + "/v1/chat/completions"))
              .header("Authorization", "Bearer t-1")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                  "{\"model\":\"m\",\"stream\":true,\"messages\":[]}")).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      Await.until("the stream on the added key", Duration.ofSeconds(5), () ->
          running.upstream.requests().stream().anyMatch(r -> r.key().equals(added)));

      assertThat(running.send("DELETE", "/api/keys/default/" + Secret.of(added).id(), ADMIN,
          null).statusCode()).isEqualTo(200);
      assertThat(stream.isDone()).as("the stream was still running when the key went").isFalse();

      java.net.http.HttpResponse<String> finished =
          stream.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(finished.statusCode()).isEqualTo(200);
      assertThat(finished.body().lines().filter(line -> line.startsWith("data: {")).count())
          .isGreaterThanOrEqualTo(20);
      assertThat(finished.body()).contains("data: [DONE]");
      assertThat(list(running, "").getInteger("total")).isEqualTo(1);
    }
  }

  @Test
  void requestLogIsFilteredAndPaged() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAUTH_TOKEN=" + ADMIN + "\nAPI_KEYS=" + GOOD
          + ",sk-second-key-0000000004")) {
      for (int i = 0; i < 5; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      Await.until("five requests logged", Duration.ofSeconds(10), () -> json(running.send("GET",
          "/api/logs/requests", ADMIN, null).body()).getLong("total") == 5);
      JsonObject good = json(running.send("GET", "/api/logs/requests?key="
          + Secret.of(GOOD).id() + "&sort=latency&order=asc&size=2", ADMIN, null).body());
      assertThat(good.getLong("total")).isBetween(2L, 3L);
      JsonObject entry = good.getJsonArray("entries").getJsonObject(0);
      assertThat(entry.getString("key_id")).isEqualTo(Secret.of(GOOD).id());
      assertThat(entry.getInteger("status")).isEqualTo(200);
      assertThat(entry.getString("model")).isEqualTo("m");
      assertThat(json(running.send("GET", "/api/logs/requests?status=500", ADMIN, null).body())
          .getLong("total")).isZero();
      assertThat(json(running.send("GET", "/api/logs/requests?q=m&from=2020-01-01T00:00:00Z",
          ADMIN, null).body()).getLong("total")).isEqualTo(5);
      assertThat(running.send("GET", "/api/logs/requests?sort=token_id", ADMIN, null)
          .statusCode()).isEqualTo(400);
    }
  }

  private static JsonObject bulk(RunningApplication running, String action, JsonArray keys)
      throws Exception {
    return json(running.send("POST", "/api/keys/bulk", ADMIN,
        new JsonObject().put("action", action).put("keys", keys).encode()).body());
  }

  private static JsonObject list(RunningApplication running, String query) throws Exception {
    var response = running.send("GET", "/api/keys?" + query, ADMIN, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response.body());
  }

  private static JsonObject json(String body) {
    return new JsonObject(body);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
