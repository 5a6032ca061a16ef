package io.openaibalance.store;

import io.openaibalance.store.UsageAggregates.Bucket;
import io.openaibalance.store.UsageAggregates.Counters;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes one log writer's batches with their hourly sums, carrying the sums from batch to batch
 * while writing them would cost many rows. A batch over 3 keys adds a few {@code usage_hourly}
 * rows and they are written with it; a batch over thousands of keys (each called a few times a
 * second) would add a row per log row, which doubled the writer's cost with 10,000 keys, so its
 * sums are carried: the next batches' sums are added to them, and they are written with the first
 * batch after {@code hold}.
 *
 * <p>Sums are written in the transaction of a batch and replaced only after its commit, so a
 * batch that fails and is retried is never counted twice. The price: a process killed outright
 * loses the sums it carried (at most {@code hold} of traffic, still in the request log); {@link
 * #flush()} at a normal stop writes them. Only its log writer's thread uses it.
 */
final class CarriedUsage {
  /** A batch's sums up to this many rows are written with it when nothing is carried. */
  static final int ROWS_WRITTEN_AT_ONCE = 64;

  /** How the batch's own rows are inserted, in the given transaction. */
  @FunctionalInterface
  interface RowsInsert<T> {
    void insertAll(Connection connection, Collection<T> batch) throws SQLException;
  }

  private final Database database;
  private final UsageAggregates aggregates;
  private final long holdNanos;
  /**
   * Counted in place: sums replaced by new objects at every batch outlived young collections and
   * filled the old generation (the heap grew by 200 MB with 10,000 keys).
   */
  private final Map<Bucket, long[]> carried = new HashMap<>();
  private long carriedSinceNanos;

  CarriedUsage(Database database, UsageAggregates aggregates, Duration hold) {
    this.database = database;
    this.aggregates = aggregates;
    this.holdNanos = hold.toNanos();
  }

  /**
   * What a {@link BoundedLogWriter} runs: each batch through {@link #insert}, and {@link #flush()}
   * once it has written everything at a stop.
   */
  <T> BoundedLogWriter.BatchInsert<T> writing(RowsInsert<T> rows,
      Function<Collection<T>, SortedMap<Bucket, Counters>> sums) {
    return new BoundedLogWriter.BatchInsert<>() {
      @Override
      public void insertAll(Collection<T> batch) throws SQLException {
        insert(batch, rows, sums.apply(batch));
      }

      @Override
      public void drained() throws SQLException {
        flush();
      }
    };
  }

  /** Inserts {@code batch} and handles {@code sums} (its hourly sums), in one transaction. */
  <T> void insert(Collection<T> batch, RowsInsert<T> rows,
      SortedMap<Bucket, Counters> sums) throws SQLException {
    long now = System.nanoTime();
    boolean write = carried.isEmpty() ? sums.size() <= ROWS_WRITTEN_AT_ONCE
        : now - carriedSinceNanos >= holdNanos;
    SortedMap<Bucket, Counters> written = write ? plusCarried(sums) : Collections.emptySortedMap();
    database.inTransaction(connection -> {
      rows.insertAll(connection, batch);
      aggregates.write(connection, written);
    });
    // Only now, committed: a failed batch left the carried sums as they were.
    if (write) {
      carried.clear();
    } else {
      if (carried.isEmpty()) {
        carriedSinceNanos = now;
      }
      sums.forEach((bucket, counters) ->
          counters.addTo(carried.computeIfAbsent(bucket, b -> new long[Counters.SIZE])));
    }
  }

  /** Writes what is carried; for a stop, once the writer has drained its queue. */
  void flush() throws SQLException {
    if (!carried.isEmpty()) {
      SortedMap<Bucket, Counters> sums = plusCarried(Collections.emptySortedMap());
      database.inTransaction(connection -> aggregates.write(connection, sums));
      carried.clear();
    }
  }

  private SortedMap<Bucket, Counters> plusCarried(SortedMap<Bucket, Counters> sums) {
    SortedMap<Bucket, Counters> merged = new TreeMap<>(sums);
    carried.forEach((bucket, totals) ->
        merged.merge(bucket, Counters.of(totals), Counters::plus));
    return merged;
  }

  /** Rows carried, not yet written. */
  int carriedRows() {
    return carried.size();
  }
}
