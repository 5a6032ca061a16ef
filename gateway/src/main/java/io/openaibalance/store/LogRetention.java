package io.openaibalance.store;

import io.openaibalance.config.RetentionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Deletes log rows older than their retention, a thousand rows per statement, so no purge holds
 * a table lock for long while the write-behind keeps inserting.
 */
public final class LogRetention {
  static final int BATCH = 1000;
  /**
   * The hourly aggregates outlive the logs (a year of monthly figures); a day of them is a few
   * hundred rows, so one statement a day deletes them.
   */
  static final Duration AGGREGATES_KEPT = Duration.ofDays(400);
  /** Keys' histories: long enough to see a pattern, short enough to stay small. */
  static final Duration KEY_HISTORY_KEPT = Duration.ofDays(90);

  private final Database database;

  public LogRetention(Database database) {
    this.database = database;
  }

  /** Purges both logs as {@code retention} says; returns the rows deleted. */
  public long purge(RetentionSettings retention, Instant now) throws SQLException {
    return purge("error_log", retention.errorLogs(), now)
        + purge("request_log", retention.requestLogs(), now)
        + purge("key_event", Optional.of(KEY_HISTORY_KEPT), now)
        + purgeAggregates(now);
  }

  private long purgeAggregates(Instant now) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM usage_hourly WHERE hour_start < ?")) {
      delete.setLong(1, now.minus(AGGREGATES_KEPT).toEpochMilli());
      return delete.executeUpdate();
    }
  }

  private long purge(String table, Optional<Duration> keep, Instant now) throws SQLException {
    if (keep.isEmpty()) {
      return 0;
    }
    long before = now.minus(keep.get()).toEpochMilli();
    String sql = database.dialect() == Dialect.MYSQL
        ? "DELETE FROM " + table + " WHERE created_at < ? LIMIT " + BATCH
        : "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
            + " WHERE created_at < ? LIMIT " + BATCH + ")";
    long deleted = 0;
    int last;
    do {
      try (Connection connection = database.dataSource().getConnection();
          PreparedStatement delete = connection.prepareStatement(sql)) {
        delete.setLong(1, before);
        last = delete.executeUpdate();
      }
      deleted += last;
    } while (last == BATCH);
    return deleted;
  }
}
