package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.openaibalance.cluster.RedisLink;
import io.openaibalance.keys.KeyStatus;
import io.openaibalance.store.Dialect;
import io.openaibalance.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A Redis of the test's own is killed and started again (empty) under traffic: the instances
 * keep answering from their own views, say so in {@code /health} and {@code /metrics}, and agree
 * again once Redis is back.
 */
@Timeout(180)
class RedisOutageTest {
  @TempDir Path dir;
  private TestRedis.Own redis;
  private TestDatabases.Fresh database;
  private ClusterNode a;
  private ClusterNode b;

  @AfterEach
  void stop() throws Exception {
    Cleanup.closeAll(a, b, redis, database == null ? null : database.drop());
  }

  private static boolean connected(ClusterNode node) throws Exception {
    return node.health().getString("redis").equals("connected");
  }

  private static int maxRetries(ClusterNode node) {
    return node.app().gateway().snapshot().providers().defaultProvider().settings().maxRetries();
  }

  @Test
  void instancesServeThroughARedisOutageAndConvergeWhenItComesBack() throws Exception {
    Files.createDirectories(dir.resolve("redis"));
    redis = TestRedis.startOwn(dir.resolve("redis"));
    database = TestDatabases.create(Dialect.MYSQL, dir);
    String prefix = TestRedis.uniquePrefix();
    a = new ClusterNode(dir.resolve("a"), database, redis.url(), prefix,
        "API_KEYS=sk-limited,sk-good");
    b = new ClusterNode(dir.resolve("b"), database, redis.url(), prefix,
        "API_KEYS=sk-limited,sk-good");
    Await.until("both connected", Duration.ofSeconds(10), () -> connected(a) && connected(b));

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger linkLog = (Logger) LoggerFactory.getLogger(RedisLink.class);
    logs.start();
    linkLog.addAppender(logs);
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicInteger answered = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread traffic = new Thread(() -> {
      while (running.get()) {
        for (ClusterNode node : List.of(a, b)) {
          try {
            int status = node.chat();
            answered.incrementAndGet();
            if (status != 200) {
              failures.add(node + ": HTTP " + status);
            }
          } catch (Exception e) {
            failures.add(node + ": " + e);
          }
        }
      }
    }, "traffic");
    traffic.start();
    try {
      Await.until("some traffic", Duration.ofSeconds(10), () -> answered.get() > 20);

      redis.kill();
      Await.until("both to notice", Duration.ofSeconds(10),
          () -> !connected(a) && !connected(b));
      assertThat(a.metrics()).contains("openai_balance_cluster_connected 0");
      int before = answered.get();
      Await.until("traffic during the outage", Duration.ofSeconds(10),
          () -> answered.get() > before + 20);
      // Changes made while Redis is away stay where they were made...
      a.upstream.overrideKey("sk-limited", "status=429:retry-after=120");
      a.chatUntilSeen("sk-limited", 1);
      assertThat(a.admin("PUT", "/api/config", "{\"MAX_RETRIES\":\"5\"}").statusCode())
          .isEqualTo(200);
      assertThat(b.key("sk-limited").health().status(Instant.now()))
          .isEqualTo(KeyStatus.ACTIVE);
      assertThat(maxRetries(b)).isEqualTo(3);

      redis.start();
      Await.until("both to reconnect", Duration.ofSeconds(15), () -> connected(a) && connected(b));
      // ...and reach the others once it is back, though it came back empty.
      Await.until("b to take a's cooldown", Duration.ofSeconds(5),
          () -> b.key("sk-limited").health().status(Instant.now()) == KeyStatus.COOLING);
      Await.until("b to take a's setting", Duration.ofSeconds(5), () -> maxRetries(b) == 5);
      assertThat(b.metrics()).contains("openai_balance_cluster_connected 1");
      int after = answered.get();
      Await.until("traffic after the outage", Duration.ofSeconds(10),
          () -> answered.get() > after + 20);
    } finally {
      running.set(false);
      traffic.join(30_000);
      linkLog.detachAppender(logs);
    }
    assertThat(logs.list.stream().filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage))
        .as("one warning per instance for the whole outage, not one per request")
        .hasSize(2).allMatch(line -> line.contains("is unreachable"));
    assertThat(failures).as("client errors during the outage").isEmpty();
    b.upstream.clearRequests();
    for (int i = 0; i < 4; i++) {
      assertThat(b.chat()).isEqualTo(200);
    }
    assertThat(b.keysSeen()).containsOnly("sk-good");
  }
}
