package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.store.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the admin saves on one instance applies on the others within a second. */
@Timeout(120)
class ClusterSettingsTest {
  private static final Duration SETTINGS_BOUND = Duration.ofSeconds(1);

  @TempDir Path dir;
  private ClusterPair cluster;
  private ClusterNode a;
  private ClusterNode b;

  @AfterEach
  void stop() throws Exception {
    Cleanup.closeAll(cluster);
  }

  private void start(Dialect dialect) throws Exception {
    cluster = ClusterPair.start(dialect, dir, "API_KEYS=sk-one");
    a = cluster.a;
    b = cluster.b;
  }

  private static int maxRetries(ClusterNode node) {
    return node.app().gateway().snapshot().providers().defaultProvider().settings().maxRetries();
  }

  @Test
  void aSettingSavedOnOneInstanceAppliesOnTheOtherWithinASecond() throws Exception {
    start(Dialect.MYSQL);
    assertThat(maxRetries(b)).isEqualTo(3);

    long saved = System.nanoTime();
    assertThat(a.admin("PUT", "/api/config", "{\"MAX_RETRIES\":\"7\"}").statusCode())
        .isEqualTo(200);
    long answered = System.nanoTime();
    long applied = Await.observedAt("MAX_RETRIES=7 on instance b", Duration.ofSeconds(5),
        () -> maxRetries(b) == 7);

    Duration sinceAnswer = Duration.ofNanos(Math.max(0, applied - answered));
    System.out.println("settings propagation: " + sinceAnswer.toMillis()
        + " ms after a's answer, " + Duration.ofNanos(applied - saved).toMillis()
        + " ms after the PUT was sent");
    assertThat(Duration.ofNanos(applied - saved)).isLessThan(SETTINGS_BOUND);
    assertThat(maxRetries(a)).isEqualTo(7);
  }

  @Test
  void aKeyAddedOnOneInstanceServesOnTheOther() throws Exception {
    start(Dialect.POSTGRES);

    assertThat(a.admin("POST", "/api/keys", "{\"key\":\"sk-added\"}").statusCode())
        .isEqualTo(201);

    Await.until("sk-added on instance b", SETTINGS_BOUND, () ->
        b.app().gateway().snapshot().providers().defaultProvider().keys().keys().stream()
            .anyMatch(key -> key.secret().reveal().equals("sk-added")));
    b.chatUntilSeen("sk-added", 1);
  }
}
