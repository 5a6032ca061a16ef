package io.openaibalance.store;

import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.relay.RequestRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Keeps {@code usage_hourly} in step with the logs: a batch of log records is summed in memory per
 * (hour, provider, key, model) and merged into the table with incrementing upserts, so a batch of
 * 2,000 records over a few keys costs a handful of row writes and the statistics never need to
 * scan the logs.
 *
 * <p>The sums only stay exact if each batch is added exactly once: add it in the transaction of
 * its log insert ({@link #write}, as {@link CarriedUsage} does), or right after that insert
 * succeeds. Done after, a failure between the two either loses the batch's sums or, if both are
 * retried, logs the batch twice; done in one transaction, neither can happen.
 */
public final class UsageAggregates {
  static final long HOUR_MILLIS = 3_600_000L;
  private static final String[] KEY = {"hour_start", "provider", "key_id", "model"};
  private static final String[] COUNTERS = {"calls", "failures", "prompt_tokens",
      "completion_tokens", "total_tokens", "status_429", "status_401", "status_403",
      "other_errors"};
  /** As the logs clip it, so a model's log rows and its aggregate rows agree. */
  private static final int MODEL_MAX = 128;

  private final Database database;
  private final String upsert;

  public UsageAggregates(Database database) {
    this.database = Objects.requireNonNull(database, "database");
    this.upsert = database.dialect().incrementingUpsert("usage_hourly", KEY, COUNTERS);
  }

  /** Adds relayed requests (calls, failures, tokens), in a transaction of its own. */
  public void addRequests(Collection<RequestRecord> records) throws SQLException {
    inOwnTransaction(requestSums(records));
  }

  /** Adds failed upstream attempts (429, 401, 403, other), in a transaction of its own. */
  public void addErrors(Collection<ErrorRecord> records) throws SQLException {
    inOwnTransaction(errorSums(records));
  }

  /** The hourly sums of relayed requests, as {@link #addRequests} adds them. */
  static SortedMap<Bucket, Counters> requestSums(Collection<RequestRecord> records) {
    return sum(records, UsageAggregates::bucket, UsageAggregates::counters);
  }

  /** The hourly sums of failed attempts, as {@link #addErrors} adds them. */
  static SortedMap<Bucket, Counters> errorSums(Collection<ErrorRecord> records) {
    return sum(records, UsageAggregates::bucket, UsageAggregates::counters);
  }

  static long hourStart(long epochMillis) {
    return Math.floorDiv(epochMillis, HOUR_MILLIS) * HOUR_MILLIS;
  }

  /**
   * Sorted by key: every writer then locks the rows it shares with another in the same order, so
   * the request-log and error-log writers cannot deadlock each other on MySQL or PostgreSQL.
   */
  static <T> SortedMap<Bucket, Counters> sum(
      Collection<T> records, Function<T, Bucket> bucket, Function<T, Counters> counters) {
    SortedMap<Bucket, Counters> sums = new TreeMap<>();
    for (T record : records) {
      sums.merge(bucket.apply(record), counters.apply(record), Counters::plus);
    }
    return sums;
  }

  private void inOwnTransaction(SortedMap<Bucket, Counters> sums) throws SQLException {
    if (!sums.isEmpty()) {
      database.inTransaction(connection -> write(connection, sums));
    }
  }

  /** Merges {@code sums} into the table within the caller's transaction; does not commit. */
  void write(Connection connection, SortedMap<Bucket, Counters> sums)
      throws SQLException {
    Database.executeBatch(connection, upsert, sums.entrySet(), (statement, sum) -> {
      sum.getKey().bind(statement);
      sum.getValue().bind(statement, KEY.length + 1);
    });
  }

  private static Bucket bucket(RequestRecord record) {
    return new Bucket(hourStart(record.at().toEpochMilli()), record.provider(),
        record.keyId().orElse(""), clip(record.model().orElse("")));
  }

  private static Bucket bucket(ErrorRecord record) {
    return new Bucket(hourStart(record.at().toEpochMilli()), record.provider(),
        record.keyId().orElse(""), clip(record.model().orElse("")));
  }

  private static Counters counters(RequestRecord record) {
    RequestRecord.Usage usage = record.usage().orElse(new RequestRecord.Usage(0, 0, 0));
    return new Counters(1, record.status() >= 400 ? 1 : 0, usage.promptTokens(),
        usage.completionTokens(), usage.totalTokens(), 0, 0, 0, 0);
  }

  private static Counters counters(ErrorRecord record) {
    int status = record.status();
    return new Counters(0, 0, 0, 0, 0, status == 429 ? 1 : 0, status == 401 ? 1 : 0,
        status == 403 ? 1 : 0, status == 429 || status == 401 || status == 403 ? 0 : 1);
  }

  private static String clip(String model) {
    return model.length() <= MODEL_MAX ? model : model.substring(0, MODEL_MAX);
  }

  /** One row of {@code usage_hourly}: '' for no key or no model. */
  record Bucket(long hourStart, String provider, String keyId, String model)
      implements Comparable<Bucket> {
    private static final Comparator<Bucket> ORDER = Comparator.comparingLong(Bucket::hourStart)
        .thenComparing(Bucket::provider).thenComparing(Bucket::keyId)
        .thenComparing(Bucket::model);

    @Override
    public int compareTo(Bucket other) {
      return ORDER.compare(this, other);
    }

    void bind(PreparedStatement statement) throws SQLException {
      statement.setLong(1, hourStart);
      statement.setString(2, provider);
      statement.setString(3, keyId);
      statement.setString(4, model);
    }
  }

  /** The counters of one bucket, in the order of {@code COUNTERS}. */
  record Counters(long calls, long failures, long promptTokens, long completionTokens,
      long totalTokens, long status429, long status401, long status403, long otherErrors) {

    Counters plus(Counters other) {
      return new Counters(calls + other.calls, failures + other.failures,
          promptTokens + other.promptTokens, completionTokens + other.completionTokens,
          totalTokens + other.totalTokens, status429 + other.status429,
          status401 + other.status401, status403 + other.status403,
          otherErrors + other.otherErrors);
    }

    static final int SIZE = COUNTERS.length;

    static Counters of(long[] values) {
      return new Counters(values[0], values[1], values[2], values[3], values[4], values[5],
          values[6], values[7], values[8]);
    }

    /** Adds these counters to {@code totals}, in the order of {@code COUNTERS}. */
    void addTo(long[] totals) {
      long[] values = values();
      for (int i = 0; i < SIZE; i++) {
        totals[i] += values[i];
      }
    }

    void bind(PreparedStatement statement, int first) throws SQLException {
      long[] values = values();
      for (int i = 0; i < values.length; i++) {
        statement.setLong(first + i, values[i]);
      }
    }

    private long[] values() {
      return new long[] {calls, failures, promptTokens, completionTokens, totalTokens, status429,
          status401, status403, otherErrors};
    }
  }
}
