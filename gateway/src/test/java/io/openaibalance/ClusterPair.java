package io.openaibalance;

import io.openaibalance.store.Dialect;
import io.openaibalance.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Two instances with the same {@code .env}, sharing a fresh database and the test Redis under a
 * key prefix of their own, both connected to Redis when {@link #start} returns.
 */
final class ClusterPair implements AutoCloseable {
  final ClusterNode a;
  final ClusterNode b;
  private final TestDatabases.Fresh database;
  private final String prefix;

  private ClusterPair(TestDatabases.Fresh database, String prefix, ClusterNode a, ClusterNode b) {
    this.database = database;
    this.prefix = prefix;
    this.a = a;
    this.b = b;
  }

  static ClusterPair start(Dialect dialect, Path dir, String dotEnv) throws Exception {
    TestDatabases.Fresh database = TestDatabases.create(dialect, dir);
    String redis = TestRedis.sharedUrl();
    String prefix = TestRedis.uniquePrefix();
    ClusterNode a = null;
    ClusterNode b = null;
    try {
      a = new ClusterNode(dir.resolve("a"), database, redis, prefix, dotEnv);
      b = new ClusterNode(dir.resolve("b"), database, redis, prefix, dotEnv);
      ClusterNode first = a;
      ClusterNode second = b;
      Await.until("both instances connected to Redis", Duration.ofSeconds(10),
          () -> first.health().getString("redis").equals("connected")
              && second.health().getString("redis").equals("connected"));
      return new ClusterPair(database, prefix, a, b);
    } catch (Exception | AssertionError e) {
      Cleanup.closeAll(a, b, database.drop(), () -> TestRedis.forget(prefix));
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    Cleanup.closeAll(a, b, database.drop(), () -> TestRedis.forget(prefix));
  }
}
