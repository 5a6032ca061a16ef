package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.store.Dialect;
import io.openaibalance.store.Persistence;
import io.openaibalance.store.TestDatabases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten thousand pasted keys join the live pool in one step, duplicates and junk counted; the
 * statistics routes report the traffic they serve.
 */
class AdminBatchAndStatisticsTest {
  private static final String ADMIN = "admin-token-for-tests-0001";

  @TempDir
  Path dir;

  @Test
  void aPasteOfTenThousandKeysIsDeduplicatedAndServesTrafficAtOnce() throws Exception {
    try (Persistence persistence = Persistence.open(
            TestDatabases.create(Dialect.SQLITE, dir).config(), TestDatabases.BOX,
            Clock.systemUTC());
        RunningApplication running = new RunningApplication()) {
      running.start(dir, "BASE_URL={upstream}\nAPI_KEYS=sk-env-key-00000001\nAUTH_TOKEN=" + ADMIN,
          persistence, Clock.systemUTC());
      String text = IntStream.range(0, 10_000).mapToObj(i -> String.format("sk-pasted-%08d", i))
          .collect(Collectors.joining("\n"))
          + "\nsk-pasted-00000007, \"sk-env-key-00000001\"\nshort\n";

      long started = System.nanoTime();
      HttpResponse<String> added = running.send("POST", "/api/keys/batch", ADMIN,
          new JsonObject().put("provider", "default").put("keys", text).encode());
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      System.out.println("Pasting 10,000 keys took " + tookMs + " ms");

      assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
      JsonObject summary = new JsonObject(added.body());
      assertThat(summary.getInteger("added")).isEqualTo(10_000);
      assertThat(summary.getInteger("duplicates")).isEqualTo(2);
      assertThat(summary.getInteger("invalid")).isEqualTo(1);
      assertThat(running.app().gateway().snapshot().providers().defaultProvider().keys().size())
          .isEqualTo(10_001);

      for (int i = 0; i < 5; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      assertThat(running.upstream.requests()).anyMatch(r -> r.key().startsWith("sk-pasted-"));
      Await.until("the requests in the statistics", Duration.ofSeconds(10), () -> new JsonObject(
          running.send("GET", "/api/stats/overview", ADMIN, null).body())
          .getJsonObject("last_hour").getLong("calls") == 5);
      JsonObject models = new JsonObject(
          running.send("GET", "/api/stats/models?hours=1", ADMIN, null).body());
      assertThat(models.getJsonArray("models").getJsonObject(0).getLong("calls")).isEqualTo(5);
      assertThat(running.send("GET", "/api/stats/attention?status=500", ADMIN, null).statusCode())
          .isEqualTo(400);

      JsonArray minutes = new JsonObject(running.send("GET", "/api/stats/series?hours=1", ADMIN,
          null).body()).getJsonArray("buckets");
      assertThat(minutes).hasSize(60);
      assertThat(calls(minutes)).isEqualTo(5);
      JsonArray hours = new JsonObject(running.send("GET", "/api/stats/series?hours=24", ADMIN,
          null).body()).getJsonArray("buckets");
      assertThat(hours).hasSize(24);
      assertThat(calls(hours)).isEqualTo(5);
      assertThat(running.send("GET", "/api/stats/series?hours=0", ADMIN, null).statusCode())
          .isEqualTo(400);

      // The keys page over 10,001 keys: one page, a search, a sort (figures for the note).
      for (String query : List.of("size=50", "search=sk-pa...0777", "sort=failures&order=desc",
          "state=disabled&page=3")) {
        long start = System.nanoTime();
        HttpResponse<String> page = running.send("GET", "/api/keys?" + query, ADMIN, null);
        System.out.println("GET /api/keys?" + query + " over 10,001 keys took "
            + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(page.statusCode()).isEqualTo(200);
      }
    }
  }

  private static long calls(JsonArray buckets) {
    return buckets.stream().mapToLong(b -> ((JsonObject) b).getLong("calls")).sum();
  }
}
