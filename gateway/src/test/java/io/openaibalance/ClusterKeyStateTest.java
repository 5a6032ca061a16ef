package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.keys.KeyStatus;
import io.openaibalance.store.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances sharing one Redis and one MariaDB: what one learns about a key, the other acts on,
 * each observed through the upstream of that instance.
 */
@Timeout(120)
class ClusterKeyStateTest {
  /** DESIGN: a key one instance cools down or disables is skipped by all within 100 ms. */
  private static final Duration PROPAGATION_BOUND = Duration.ofMillis(100);

  @TempDir Path dir;
  private ClusterPair cluster;
  private ClusterNode a;
  private ClusterNode b;

  private void start(String dotEnv) throws Exception {
    cluster = ClusterPair.start(Dialect.MYSQL, dir, dotEnv);
    a = cluster.a;
    b = cluster.b;
  }

  @AfterEach
  void stop() throws Exception {
    Cleanup.closeAll(cluster);
  }

  @Test
  void aKeyCooledDownThroughOneInstanceGetsNoTrafficThroughTheOther() throws Exception {
    start("API_KEYS=sk-limited,sk-good");
    a.upstream.overrideKey("sk-limited", "status=429:retry-after=30");

    // Watched from the side while the request runs: from a's key cooling to b's.
    CompletableFuture<Long> coolingOnA = watch(() -> cooling(a));
    CompletableFuture<Long> coolingOnB = watch(() -> cooling(b));
    a.chatUntilSeen("sk-limited", 1);
    Duration propagation = Duration.ofNanos(coolingOnB.get() - coolingOnA.get());

    for (int i = 0; i < 6; i++) {
      assertThat(b.chat()).isEqualTo(200);
    }
    assertThat(b.keysSeen()).containsOnly("sk-good").hasSize(6);
    assertThat(b.key("sk-limited").health().coolingUntil())
        .isAfter(Instant.now().plusSeconds(25));
    System.out.println("cooldown propagation (a cools the key -> b skips it): "
        + propagation.toMillis() + " ms");
    assertThat(propagation).isLessThan(PROPAGATION_BOUND);
  }

  private static boolean cooling(ClusterNode node) {
    return node.key("sk-limited").health().status(Instant.now()) == KeyStatus.COOLING;
  }

  /** Watches on a thread of its own (the common pool may have one thread on two cores). */
  private static CompletableFuture<Long> watch(Callable<Boolean> condition) {
    CompletableFuture<Long> seen = new CompletableFuture<>();
    Thread watcher = new Thread(() -> {
      try {
        seen.complete(Await.observedAt("a key state", Duration.ofSeconds(10), condition));
      } catch (Exception | AssertionError e) {
        seen.completeExceptionally(e);
      }
    }, "key-state-watch");
    watcher.setDaemon(true);
    watcher.start();
    return seen;
  }

  @Test
  void failuresCountAcrossInstancesSoMaxFailuresDisablesTheKeyEverywhere() throws Exception {
    start("API_KEYS=sk-flaky,sk-good\nMAX_FAILURES=3");
    a.upstream.overrideKey("sk-flaky", "status=401");
    b.upstream.overrideKey("sk-flaky", "status=401");

    a.chatUntilSeen("sk-flaky", 2);
    Await.until("instance b to count a's two failures", Duration.ofSeconds(5),
        () -> b.key("sk-flaky").health().failures() == 2);
    assertThat(a.key("sk-flaky").health().disabled()).isFalse();
    b.chatUntilSeen("sk-flaky", 1);

    Await.until("sk-flaky disabled on both instances", Duration.ofSeconds(5),
        () -> a.key("sk-flaky").health().disabled() && b.key("sk-flaky").health().disabled());
    // Neither instance reached MAX_FAILURES=3 on its own.
    assertThat(a.seen("sk-flaky")).isEqualTo(2);
    assertThat(b.seen("sk-flaky")).isEqualTo(1);
    assertThat(a.key("sk-flaky").health().failures()).isEqualTo(3);
    a.upstream.clearRequests();
    for (int i = 0; i < 4; i++) {
      assertThat(a.chat()).isEqualTo(200);
    }
    assertThat(a.keysSeen()).containsOnly("sk-good");
  }

  @Test
  void aKeyTheAdminDisablesOnOneInstanceAndEnablesOnTheOtherFollowsOnBoth() throws Exception {
    start("API_KEYS=sk-one,sk-two");
    String id = a.key("sk-one").id();

    assertThat(a.admin("POST", "/api/keys/default/" + id + "/disable", null).statusCode())
        .isEqualTo(200);
    Duration disabled = Await.timed("instance b to disable sk-one", Duration.ofSeconds(5),
        () -> b.key("sk-one").health().disabled());
    System.out.println("admin disable propagation (answer on a -> b skips the key): "
        + disabled.toMillis() + " ms");
    for (int i = 0; i < 4; i++) {
      assertThat(b.chat()).isEqualTo(200);
    }
    assertThat(b.keysSeen()).containsOnly("sk-two");

    assertThat(b.admin("POST", "/api/keys/default/" + id + "/enable", null).statusCode())
        .isEqualTo(200);
    Await.until("instance a to enable sk-one again", Duration.ofSeconds(5),
        () -> !a.key("sk-one").health().disabled());
    a.chatUntilSeen("sk-one", 1);
    assertThat(disabled).isLessThan(PROPAGATION_BOUND);
  }
}
