package io.openaibalance.store;

import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.relay.RequestRecord;
import io.openaibalance.store.UsageStatistics.Period;
import io.openaibalance.store.UsageStatistics.Rejection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A measurement, not a test: loads a million request-log rows (and a tenth as many error-log
 * rows) with their aggregates, batch by batch as the log writers do, then times every statistic.
 * Nine tenths of the rows are spread over 30 days, one tenth falls in the last hour (a busy
 * gateway), in time order, over 40 keys of 3 providers with 4 models each.
 *
 * <p>Arguments: the row count (default 1000000), then the dialects (default {@code sqlite};
 * {@code postgres} and {@code mysql} use the local servers, as the tests do). From the root:
 *
 * <pre>
 * ./mvnw -q -B test-compile dependency:build-classpath -pl gateway -am \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/gateway-test.cp
 * java -cp gateway/target/test-classes:gateway/target/classes:$(cat /tmp/gateway-test.cp) \
 *     io.openaibalance.store.UsageStatisticsBench 1000000 sqlite postgres
 * </pre>
 */
public final class UsageStatisticsBench {
  private static final Instant NOW = Instant.parse("2026-06-10T12:34:56.789Z");
  private static final int BATCH = 500;
  private static final int RUNS = 7;
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private UsageStatisticsBench() {}

  @FunctionalInterface
  private interface Query {
    Object run() throws SQLException;
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<String> dialects = args.length > 1
        ? Arrays.asList(args).subList(1, args.length) : List.of("sqlite");
    for (String name : dialects) {
      Dialect dialect = Dialect.valueOf(name.toUpperCase(Locale.ROOT));
      Path dir = Files.createTempDirectory("usage-bench");
      TestDatabases.Fresh fresh = TestDatabases.create(dialect, dir);
      try (AutoCloseable drop = fresh.drop(); Database database = Database.open(fresh.config())) {
        System.out.printf("%n== %s: %,d request rows, %,d error rows%n", dialect, rows, rows / 10);
        load(database, rows);
        System.out.printf("usage_hourly rows: %,d%n", count(database, "usage_hourly"));
        measure(database);
      } finally {
        deleteTree(dir);
      }
    }
  }

  private static void load(Database database, int rows) throws SQLException {
    Random random = new Random(7);
    RequestLogRepository requestLog = new RequestLogRepository(database);
    ErrorLogRepository errorLog = new ErrorLogRepository(database);
    UsageAggregates aggregates = new UsageAggregates(database);
    long logNanos = 0;
    long logCpuNanos = 0;
    long aggregateNanos = 0;
    List<RequestRecord> batch = new ArrayList<>(BATCH);
    int spread = rows - rows / 10;
    for (int i = 0; i < rows; i++) {
      // In time order, as the writers see them: a batch covers minutes, not the whole month.
      Instant at = i < spread
          ? NOW.minus(Duration.ofDays(30)).plusMillis(Duration.ofDays(30).minusHours(1).toMillis()
              * i / spread)
          : NOW.minus(Duration.ofHours(1)).plusMillis(Duration.ofHours(1).toMillis()
              * (i - spread) / (rows - spread));
      batch.add(request(random, at));
      if (batch.size() == BATCH || i == rows - 1) {
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        requestLog.insertAll(batch);
        logCpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStart;
        long logged = System.nanoTime();
        aggregates.addRequests(batch);
        logNanos += logged - start;
        aggregateNanos += System.nanoTime() - logged;
        batch.clear();
      }
    }
    List<ErrorRecord> errors = new ArrayList<>(BATCH);
    for (int i = 0; i < rows / 10; i++) {
      errors.add(error(random));
      if (errors.size() == BATCH || i == rows / 10 - 1) {
        errorLog.insertAll(errors);
        aggregates.addErrors(errors);
        errors.clear();
      }
    }
    System.out.printf("load: request-log inserts %,d ms (%.1f µs CPU a row), their aggregates"
        + " %,d ms (%.2f ms per batch of %d)%n", TimeUnit.NANOSECONDS.toMillis(logNanos),
        logCpuNanos / 1e3 / rows,
        TimeUnit.NANOSECONDS.toMillis(aggregateNanos),
        aggregateNanos / 1e6 / Math.max(1, rows / BATCH), BATCH);
  }

  private static void measure(Database database) throws SQLException {
    UsageStatistics statistics = new UsageStatistics(database, Clock.fixed(NOW, ZoneOffset.UTC));
    Period day = new Period(NOW.minus(Duration.ofDays(1)), NOW);
    Period month = new Period(NOW.minus(Duration.ofDays(30)), NOW);
    time("overview (minute, hour, 24 h, 30 d)", statistics::overview);
    long now = NOW.toEpochMilli();
    time("  of which minute + hour, from request_log", () -> scalarRows(database,
        "SELECT COUNT(*), SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN created_at > " + (now - 60_000) + " THEN 1 ELSE 0 END)"
            + " FROM request_log WHERE created_at > " + (now - 3_600_000) + " AND created_at <= "
            + now));
    time("perKey, 24 h", () -> statistics.perKey(day));
    time("perKey, 30 d", () -> statistics.perKey(month));
    time("perModel, 30 d", () -> statistics.perModel(month));
    time("tokensPerDay, 30 d", () -> statistics.tokensPerDay(month));
    for (Rejection rejection : Rejection.values()) {
      time("topKeys " + rejection + " 10, 30 d", () -> statistics.topKeys(rejection, month, 10));
    }
    time("series, 1 h per minute", () -> statistics.series(1));
    time("series, 24 h per hour", () -> statistics.series(24));
    // The logs page: what the admin opens first, then narrows.
    LogTable<RequestRecord> requests = LogTable.requestLog(database);
    LogTable<ErrorRecord> errors = LogTable.errorLog(database);
    LogQuery first = LogQuery.newest(50);
    String key = requests.search(first).entries().get(0).record().keyId().orElseThrow();
    time("request log: newest page (with total)", () -> requests.search(first));
    time("request log: one key's newest page", () -> requests.search(new LogQuery(
        Optional.of(key), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        "time", true, 0, 50)));
    time("request log: status 429, last 24 h", () -> requests.search(new LogQuery(
        Optional.empty(), Optional.of(429), Optional.empty(), Optional.of(day.from()),
        Optional.empty(), "time", true, 0, 50)));
    time("request log: page 100 sorted by latency", () -> requests.search(new LogQuery(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        "latency", true, 100, 50)));
    time("error log: newest page (with total)", () -> errors.search(first));
    time("error log: text search", () -> errors.search(new LogQuery(Optional.empty(),
        Optional.empty(), Optional.of("rate"), Optional.empty(), Optional.empty(), "time", true, 0,
        50)));
    // What the aggregate saves: the same per-key answer read from the log itself.
    time("for comparison: perKey, 30 d, from request_log", () -> scalarRows(database,
        "SELECT provider, key_id, COUNT(*), SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END)"
            + " FROM request_log WHERE created_at >= " + month.from().toEpochMilli()
            + " GROUP BY provider, key_id"));
  }

  private static void time(String name, Query query) throws SQLException {
    Object answer = query.run(); // warms the caches and the JIT
    long[] micros = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      query.run();
      micros[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
    }
    Arrays.sort(micros);
    String size = answer instanceof List<?> list ? list.size() + " row(s)" : "1 row";
    System.out.printf("%-50s median %8.2f ms, max %8.2f ms (%s)%n", name,
        micros[RUNS / 2] / 1000.0, micros[RUNS - 1] / 1000.0, size);
  }

  private static RequestRecord request(Random random, Instant at) {
    int key = random.nextInt(40);
    String model = "model-" + (key % 3) + "-" + random.nextInt(4);
    int status = random.nextInt(100) < 92 ? 200 : new int[] {400, 429, 500, 502}[random.nextInt(4)];
    long prompt = random.nextInt(2000);
    long completion = random.nextInt(800);
    Optional<RequestRecord.Usage> usage = random.nextInt(100) < 80
        ? Optional.of(new RequestRecord.Usage(prompt, completion, prompt + completion))
        : Optional.empty();
    return new RequestRecord(at, "provider-" + key % 3, Optional.of(keyId(key)),
        Optional.of(model), status, 300 + random.nextInt(2000), Optional.of(200L),
        random.nextBoolean(), 1, Optional.of("t000000000000001"), usage);
  }

  private static ErrorRecord error(Random random) {
    Instant at = NOW.minusMillis((long) (random.nextDouble() * Duration.ofDays(30).toMillis()));
    int key = random.nextInt(40);
    int status = new int[] {429, 429, 401, 403, 500}[random.nextInt(5)];
    return new ErrorRecord(at, "provider-" + key % 3, Optional.of(keyId(key)),
        Optional.of("model-" + (key % 3) + "-0"), status, "upstream_error", Optional.empty(),
        "{\"error\":{\"message\":\"bench\"}}", Optional.empty());
  }

  private static String keyId(int key) {
    return String.format("%016x", 0x1000_0000_0000L * (key + 1));
  }

  private static long count(Database database, String table) throws SQLException {
    return ((Number) scalarRows(database, "SELECT COUNT(*) FROM " + table).get(0)).longValue();
  }

  /** The first column of each row. */
  private static List<Object> scalarRows(Database database, String sql) throws SQLException {
    List<Object> values = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(sql);
        ResultSet row = query.executeQuery()) {
      while (row.next()) {
        values.add(row.getObject(1));
      }
    }
    return values;
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
