package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.keys.PooledKey;
import io.openaibalance.store.Persistence;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
    try (Persistence persistence = Persistence.inMemory();
        RunningApplication running = new RunningApplication()) {
      running.upstream.overrideKey("sk-flaky-0001", "status=401");
      // 0.0003 h is about one second.
      running.start(dir, "BASE_URL={upstream}\nAPI_KEYS=sk-flaky-0001,sk-good-0002"
          + "\nMAX_FAILURES=1\nCHECK_INTERVAL_HOURS=0.0003\nAUTH_TOKEN=" + ADMIN
          + "\nTIMEZONE=Europe/Berlin\nDATABASE_TYPE=memory", persistence, Clock.systemUTC());
      for (int i = 0; i < 2; i++) {
        running.chat();
      }
      PooledKey flaky = running.app().gateway().snapshot().providers().defaultProvider().keys()
          .keys().stream().filter(k -> k.secret().reveal().startsWith("sk-flaky")).findFirst()
          .orElseThrow();
      assertThat(flaky.health().disabled()).isTrue();

      running.upstream.clearOverrides();
      Await.until("the re-check job to revive the key", Duration.ofSeconds(15),
          () -> !flaky.health().disabled());

      JsonObject jobs = new JsonObject(running.send("GET", "/api/jobs", ADMIN, null).body());
      assertThat(jobs.getJsonArray("jobs").stream().map(job -> ((JsonObject) job).getString("name")))
          .containsExactlyInAnyOrder("key-recheck", "proxy-check", "log-retention");
      assertThat(jobs.encode()).contains("daily at 03:30 Europe/Berlin");
    }
  }
}
