package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.store.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled jobs run on one instance of a cluster, and on another once that one stops. */
@Timeout(120)
class ClusterJobsTest {
  @TempDir Path dir;
  private ClusterPair cluster;
  private ClusterNode a;
  private ClusterNode b;

  @AfterEach
  void stop() throws Exception {
    Cleanup.closeAll(cluster);
  }

  @Test
  void theKeyRecheckRunsOnOneInstanceAndAnotherTakesOverWhenItStops() throws Exception {
    // A re-check of the disabled key about every 0.7 s; each one is a request with that key.
    cluster = ClusterPair.start(Dialect.POSTGRES, dir,
        "API_KEYS=sk-dead,sk-good\nMAX_FAILURES=1\nCHECK_INTERVAL_HOURS=0.0002");
    a = cluster.a;
    b = cluster.b;
    a.upstream.overrideKey("sk-dead", "status=401");
    b.upstream.overrideKey("sk-dead", "status=401");
    a.chatUntilSeen("sk-dead", 1);
    Await.until("sk-dead disabled on both", Duration.ofSeconds(5),
        () -> a.key("sk-dead").health().disabled() && b.key("sk-dead").health().disabled());
    a.upstream.clearRequests();
    b.upstream.clearRequests();

    Await.until("three re-checks in the cluster", Duration.ofSeconds(20),
        () -> a.seen("sk-dead") + b.seen("sk-dead") >= 3);
    ClusterNode holder = a.seen("sk-dead") > 0 ? a : b;
    ClusterNode other = holder == a ? b : a;
    assertThat(other.seen("sk-dead")).as("re-checks by the instance without the lease").isZero();
    String holderId = holder.app().clusterInstance().orElseThrow();
    assertThat(holder.health().getString("job_lease_holder")).isEqualTo(holderId);
    assertThat(other.health().getString("job_lease_holder")).isEqualTo(holderId);
    assertThat(other.health().getBoolean("runs_jobs")).isFalse();

    holder.close();
    if (holder == a) {
      a = null;
    } else {
      b = null;
    }
    Duration takeover = Await.timed("the other instance to re-check", Duration.ofSeconds(10),
        () -> other.seen("sk-dead") >= 2);
    assertThat(other.health().getBoolean("runs_jobs")).isTrue();
    System.out.println("job takeover after the holder stopped: " + takeover.toMillis() + " ms");
  }
}
