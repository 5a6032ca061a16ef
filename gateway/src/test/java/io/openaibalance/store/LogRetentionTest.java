package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.config.RetentionSettings;
import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.relay.RequestRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Old log rows go, in batches; recent ones and those of a disabled retention stay. */
class LogRetentionTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir
  Path tempDir;

  private static RequestRecord request(Instant at) {
    return new RequestRecord(at, "default", Optional.empty(), Optional.of("m"), 200, 1,
        Optional.empty(), false, 1, Optional.empty(), Optional.empty());
  }

  private static ErrorRecord error(Instant at) {
    return new ErrorRecord(at, "default", Optional.empty(), Optional.of("m"), 500, "upstream_error",
        Optional.empty(), "{}", Optional.empty());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void deletesRowsOlderThanTheirRetentionInBatches(Dialect dialect) throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    try (AutoCloseable drop = fresh.drop(); Database database = Database.open(fresh.config())) {
      List<RequestRecord> requests = new ArrayList<>();
      for (int i = 0; i < LogRetention.BATCH * 2 + 500; i++) {
        requests.add(request(NOW.minus(Duration.ofDays(31)).minusSeconds(i)));
      }
      requests.add(request(NOW.minus(Duration.ofDays(29))));
      requests.add(request(NOW));
      new RequestLogRepository(database).insertAll(requests);
      new ErrorLogRepository(database).insertAll(List.of(
          error(NOW.minus(Duration.ofDays(8))), error(NOW.minus(Duration.ofDays(9))),
          error(NOW.minus(Duration.ofDays(6)))));

      long deleted = new LogRetention(database).purge(new RetentionSettings(
          Optional.of(Duration.ofDays(7)), Optional.of(Duration.ofDays(30))), NOW);

      assertThat(deleted).isEqualTo(LogRetention.BATCH * 2 + 500 + 2);
      assertThat(new RequestLogRepository(database).newest(10_000)).hasSize(2);
      assertThat(new ErrorLogRepository(database).newest(10)).hasSize(1);
      assertThat(new LogRetention(database).purge(RetentionSettings.KEEP_ALL, NOW.plus(Duration.ofDays(400))))
          .isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void keepsHourlyAggregatesFor400DaysWhateverTheLogRetention(Dialect dialect) throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    try (AutoCloseable drop = fresh.drop(); Database database = Database.open(fresh.config())) {
      new UsageAggregates(database).addRequests(List.of(
          request(NOW.minus(LogRetention.AGGREGATES_KEPT).minus(Duration.ofHours(2))),
          request(NOW.minus(LogRetention.AGGREGATES_KEPT).plus(Duration.ofHours(2))),
          request(NOW)));

      long deleted = new LogRetention(database).purge(RetentionSettings.KEEP_ALL, NOW);

      assertThat(deleted).isEqualTo(1);
      UsageStatistics statistics = new UsageStatistics(database, java.time.Clock.fixed(NOW,
          java.time.ZoneOffset.UTC));
      assertThat(statistics.perModel(new UsageStatistics.Period(
              NOW.minus(Duration.ofDays(500)), NOW.plusSeconds(1)))
          .stream().mapToLong(m -> m.counts().calls()).sum()).isEqualTo(2);
    }
  }
}
