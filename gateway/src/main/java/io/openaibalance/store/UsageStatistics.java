package io.openaibalance.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * What the admin pages show of the traffic, read-only. The last minute and the last hour are
 * counted exactly from {@code request_log} (an index range over at most an hour of rows);
 * everything longer is read from {@code usage_hourly} and is exact only to the hour: a {@link
 * Period} counts every hour it overlaps, whole, and hours are UTC.
 *
 * <p>A key or model that was absent from a record ('' in the aggregate) is {@link
 * Optional#empty()} here.
 */
public final class UsageStatistics {
  private static final long MINUTE_MILLIS = 60_000L;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final String RECENT = "SELECT COUNT(*),"
      + " SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END),"
      + " SUM(CASE WHEN created_at > ? THEN 1 ELSE 0 END),"
      + " SUM(CASE WHEN created_at > ? AND status >= 400 THEN 1 ELSE 0 END)"
      + " FROM request_log WHERE created_at > ? AND created_at <= ?";
  private static final String HOURLY = "SELECT SUM(calls), SUM(failures),"
      + " SUM(CASE WHEN hour_start >= ? THEN calls ELSE 0 END),"
      + " SUM(CASE WHEN hour_start >= ? THEN failures ELSE 0 END)"
      + " FROM usage_hourly WHERE hour_start >= ? AND hour_start <= ?";
  private static final String PER_KEY = "SELECT provider, key_id, SUM(calls) AS n,"
      + " SUM(failures) AS f, SUM(total_tokens) FROM usage_hourly WHERE hour_start >= ? AND hour_start < ?"
      + " GROUP BY provider, key_id HAVING SUM(calls) > 0 ORDER BY n DESC, provider, key_id";
  private static final String PER_MODEL = "SELECT provider, model, SUM(calls) AS n,"
      + " SUM(failures) AS f FROM usage_hourly WHERE hour_start >= ? AND hour_start < ?"
      + " GROUP BY provider, model HAVING SUM(calls) > 0 ORDER BY n DESC, provider, model";
  // MySQL's "/" yields a DECIMAL, not an integer; subtracting the remainder is integer
  // arithmetic on all three databases and gives the UTC day's first millisecond.
  private static final String DAY = "hour_start - hour_start % " + DAY_MILLIS;
  private static final String TOKENS_PER_DAY = "SELECT " + DAY + " AS day_start, provider,"
      + " key_id, model, SUM(calls), SUM(prompt_tokens), SUM(completion_tokens),"
      + " SUM(total_tokens) FROM usage_hourly WHERE hour_start >= ? AND hour_start < ?"
      + " GROUP BY " + DAY + ", provider, key_id, model HAVING SUM(calls) > 0"
      + " ORDER BY day_start, provider, key_id, model";
  private static final String TOP_KEYS = "SELECT provider, key_id, SUM(%1$s) AS n"
      + " FROM usage_hourly WHERE hour_start >= ? AND hour_start < ? AND key_id <> ''"
      + " GROUP BY provider, key_id HAVING SUM(%1$s) > 0 ORDER BY n DESC, provider, key_id"
      + " LIMIT ?";

  // The bucket start is computed the same way on all three databases (see DAY).
  private static final String PER_MINUTE = "SELECT created_at - created_at % 60000 AS bucket,"
      + " COUNT(*), SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) FROM request_log"
      + " WHERE created_at >= ? AND created_at < ? GROUP BY created_at - created_at % 60000";
  private static final String PER_HOUR = "SELECT hour_start, SUM(calls), SUM(failures)"
      + " FROM usage_hourly WHERE hour_start >= ? AND hour_start < ? GROUP BY hour_start";

  private final Database database;
  private final Clock clock;

  public UsageStatistics(Database database, Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Relayed requests, and those of them answered with a status of 400 or more. */
  public record Counts(long calls, long failures) {}

  /**
   * Traffic up to now.
   *
   * @param lastMinute exact: requests logged in the last 60 seconds
   * @param lastHour exact: requests logged in the last 3600 seconds
   * @param last24Hours to the hour: the current hour so far and the 23 hours before it
   * @param last30Days to the hour: the current hour so far and the 719 hours before it
   */
  public record Overview(Counts lastMinute, Counts lastHour, Counts last24Hours,
      Counts last30Days) {}

  /** From {@code from} (inclusive) to {@code to} (exclusive). */
  public record Period(Instant from, Instant to) {
    public Period {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("period: from " + from + " (expected before " + to + ")");
      }
    }

    long firstHour() {
      return UsageAggregates.hourStart(from.toEpochMilli());
    }
  }

  public record KeyCounts(String provider, Optional<String> keyId, Counts counts, long tokens) {}

  public record ModelCounts(String provider, Optional<String> model, Counts counts) {}

  /** One UTC day of one key and model; tokens are 0 for calls whose response had no usage. */
  public record DailyTokens(LocalDate day, String provider, Optional<String> keyId,
      Optional<String> model, long calls, long promptTokens, long completionTokens,
      long totalTokens) {}

  /** The upstream statuses that say a key is throttled or refused, one counter each. */
  public enum Rejection {
    TOO_MANY_REQUESTS("status_429"),
    UNAUTHORIZED("status_401"),
    FORBIDDEN("status_403");

    private final String column;

    Rejection(String column) {
      this.column = column;
    }
  }

  /** How many failed attempts of a key got one {@link Rejection} status. */
  public record KeyRejections(String provider, String keyId, long attempts) {}

  /** See {@link Overview} for what each window covers. */
  public Overview overview() throws SQLException {
    long now = clock.millis();
    long hour = UsageAggregates.hourStart(now);
    long dayStart = hour - Duration.ofHours(23).toMillis();
    long monthStart = hour - Duration.ofHours(30 * 24 - 1).toMillis();
    try (Connection connection = database.dataSource().getConnection()) {
      Windows recent = windows(connection, RECENT, now - MINUTE_MILLIS, now - MINUTE_MILLIS,
          now - UsageAggregates.HOUR_MILLIS, now);
      Windows hourly = windows(connection, HOURLY, dayStart, dayStart, monthStart, hour);
      return new Overview(recent.later(), recent.whole(), hourly.later(), hourly.whole());
    }
  }

  /** Calls and failures per key, most calls first; only keys with calls in the period. */
  public List<KeyCounts> perKey(Period period) throws SQLException {
    return query(PER_KEY, period, -1, row -> new KeyCounts(row.getString(1),
        keyId(row.getString(2)), new Counts(row.getLong(3), row.getLong(4)), row.getLong(5)));
  }

  /** Calls and failures in one bucket of a chart; {@code start} is the bucket's first instant. */
  public record Bucket(Instant start, Counts counts) {}

  /**
   * Calls and failures over the last {@code hours}, oldest bucket first, empty buckets included:
   * per minute up to one hour (from the request log's {@code (created_at, status)} index), per
   * hour beyond (from the hourly aggregate, so a day costs 24 rows per key and model).
   */
  public List<Bucket> series(int hours) throws SQLException {
    if (hours < 1 || hours > 24 * 31) {
      throw new IllegalArgumentException("hours: " + hours + " (expected 1 to 744)");
    }
    boolean minutes = hours == 1;
    long width = minutes ? MINUTE_MILLIS : UsageAggregates.HOUR_MILLIS;
    long now = clock.millis();
    long last = now - now % width;
    long first = last - (minutes ? 59 : hours - 1) * width;
    Map<Long, Counts> found = new HashMap<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(minutes ? PER_MINUTE : PER_HOUR)) {
      query.setLong(1, first);
      query.setLong(2, last + width);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          found.put(row.getLong(1), new Counts(row.getLong(2), row.getLong(3)));
        }
      }
    }
    List<Bucket> buckets = new ArrayList<>();
    for (long start = first; start <= last; start += width) {
      buckets.add(new Bucket(Instant.ofEpochMilli(start),
          found.getOrDefault(start, new Counts(0, 0))));
    }
    return buckets;
  }

  /** Calls and failures per provider and model, most calls first. */
  public List<ModelCounts> perModel(Period period) throws SQLException {
    return query(PER_MODEL, period, -1, row -> new ModelCounts(row.getString(1),
        model(row.getString(2)), new Counts(row.getLong(3), row.getLong(4))));
  }

  /**
   * Tokens per UTC day, provider, key and model, oldest day first. A day only counts the hours of
   * it that overlap the period: pass midnight-to-midnight bounds for whole days.
   */
  public List<DailyTokens> tokensPerDay(Period period) throws SQLException {
    return query(TOKENS_PER_DAY, period, -1, row -> new DailyTokens(
        LocalDate.ofEpochDay(row.getLong(1) / DAY_MILLIS), row.getString(2),
        keyId(row.getString(3)), model(row.getString(4)), row.getLong(5), row.getLong(6),
        row.getLong(7), row.getLong(8)));
  }

  /** The {@code limit} keys with the most failed attempts of that status, most first. */
  public List<KeyRejections> topKeys(Rejection status, Period period, int limit)
      throws SQLException {
    Objects.requireNonNull(status, "status");
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected >= 1)");
    }
    return query(String.format(TOP_KEYS, status.column), period, limit, row ->
        new KeyRejections(row.getString(1), row.getString(2).strip(), row.getLong(3)));
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  private <T> List<T> query(String sql, Period period, int limit, RowReader<T> reader)
      throws SQLException {
    Objects.requireNonNull(period, "period");
    List<T> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setLong(1, period.firstHour());
      query.setLong(2, period.to().toEpochMilli());
      if (limit > 0) {
        query.setInt(3, limit);
      }
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          rows.add(reader.read(row));
        }
      }
    }
    return List.copyOf(rows);
  }

  /** A range's counts and those of its later part, read in one scan. */
  private record Windows(Counts whole, Counts later) {}

  private static Windows windows(Connection connection, String sql, long... bounds)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      for (int i = 0; i < bounds.length; i++) {
        query.setLong(i + 1, bounds[i]);
      }
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return new Windows(new Counts(row.getLong(1), row.getLong(2)),
            new Counts(row.getLong(3), row.getLong(4)));
      }
    }
  }

  /** PostgreSQL pads a CHAR(16) '' to sixteen blanks. */
  private static Optional<String> keyId(String stored) {
    String id = stored.strip();
    return id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  private static Optional<String> model(String stored) {
    return stored.isEmpty() ? Optional.empty() : Optional.of(stored);
  }
}
