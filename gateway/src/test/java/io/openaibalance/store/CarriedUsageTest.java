package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openaibalance.relay.RequestRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hourly sums of few rows are written with their batch; sums of many rows are carried, written
 * once, never counted twice when a batch is retried, and written at a stop.
 */
class CarriedUsageTest {
  private static final Instant AT = Instant.parse("2026-06-10T12:34:56Z");
  private static final Duration NEVER = Duration.ofDays(1);

  @TempDir
  Path tempDir;
  private Database database;
  private RequestLogRepository requests;
  private UsageAggregates aggregates;

  @BeforeEach
  void open() {
    database = Database.open(DatabaseConfig.sqlite(tempDir.resolve("data").resolve("b.db")));
    requests = new RequestLogRepository(database);
    aggregates = new UsageAggregates(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void sumsOfAFewRowsAreWrittenWithTheirBatch() throws SQLException {
    CarriedUsage usage = new CarriedUsage(database, aggregates, NEVER);
    List<RequestRecord> batch = requestsOverKeys(3, 4);

    usage.insert(batch, requests::insertAll, UsageAggregates.requestSums(batch));

    assertThat(usage.carriedRows()).isZero();
    assertThat(query("SELECT SUM(calls) FROM usage_hourly")).containsExactly("12");
    assertThat(query("SELECT COUNT(*) FROM request_log")).containsExactly("12");
  }

  @Test
  void sumsOfManyRowsAreCarriedThenWrittenOnce() throws SQLException {
    CarriedUsage usage = new CarriedUsage(database, aggregates, NEVER);
    int keys = CarriedUsage.ROWS_WRITTEN_AT_ONCE + 1;
    List<RequestRecord> batch = requestsOverKeys(keys, 1);

    usage.insert(batch, requests::insertAll, UsageAggregates.requestSums(batch));
    usage.insert(batch, requests::insertAll, UsageAggregates.requestSums(batch));

    assertThat(query("SELECT COUNT(*) FROM request_log")).containsExactly("" + 2 * keys);
    assertThat(query("SELECT COUNT(*) FROM usage_hourly")).containsExactly("0");
    assertThat(usage.carriedRows()).isEqualTo(keys);
    usage.flush();
    assertThat(usage.carriedRows()).isZero();
    assertThat(query("SELECT DISTINCT calls FROM usage_hourly")).containsExactly("2");
    assertThat(query("SELECT COUNT(*) FROM usage_hourly")).containsExactly("" + keys);
  }

  @Test
  void carriedSumsGoWithTheFirstBatchAfterTheHold() throws SQLException {
    CarriedUsage usage = new CarriedUsage(database, aggregates, Duration.ZERO);
    List<RequestRecord> batch = requestsOverKeys(CarriedUsage.ROWS_WRITTEN_AT_ONCE + 1, 1);

    usage.insert(batch, requests::insertAll, UsageAggregates.requestSums(batch));
    assertThat(usage.carriedRows()).isEqualTo(batch.size());
    usage.insert(batch, requests::insertAll, UsageAggregates.requestSums(batch));

    assertThat(usage.carriedRows()).isZero();
    assertThat(query("SELECT DISTINCT calls FROM usage_hourly")).containsExactly("2");
  }

  @Test
  void aBatchThatFailsAndIsRetriedIsCountedOnce() throws SQLException {
    CarriedUsage usage = new CarriedUsage(database, aggregates, Duration.ZERO);
    List<RequestRecord> batch = requestsOverKeys(CarriedUsage.ROWS_WRITTEN_AT_ONCE + 1, 1);
    usage.insert(batch, requests::insertAll, UsageAggregates.requestSums(batch));
    AtomicBoolean failNext = new AtomicBoolean(true);
    CarriedUsage.RowsInsert<RequestRecord> failingOnce = (connection, rows) -> {
      requests.insertAll(connection, rows);
      if (failNext.getAndSet(false)) {
        throw new SQLException("the disk is full");
      }
    };

    assertThatThrownBy(() -> usage.insert(batch, failingOnce, UsageAggregates.requestSums(batch)))
        .hasMessage("the disk is full");
    assertThat(usage.carriedRows()).isEqualTo(batch.size());
    usage.insert(batch, failingOnce, UsageAggregates.requestSums(batch));

    assertThat(query("SELECT COUNT(*) FROM request_log")).containsExactly("" + 2 * batch.size());
    assertThat(query("SELECT DISTINCT calls FROM usage_hourly")).containsExactly("2");
  }

  @Test
  void aLogWriterWritesWhatItCarriesWhenItStops() throws SQLException {
    CarriedUsage usage = new CarriedUsage(database, aggregates, NEVER);
    List<RequestRecord> records = requestsOverKeys(CarriedUsage.ROWS_WRITTEN_AT_ONCE * 3, 1);
    BoundedLogWriter<RequestRecord> writer = new BoundedLogWriter<>("request log",
        usage.writing(requests::insertAll, UsageAggregates::requestSums), 10_000);

    records.forEach(writer::offer);
    writer.close();

    assertThat(query("SELECT COUNT(*) FROM request_log")).containsExactly("" + records.size());
    assertThat(query("SELECT SUM(calls) FROM usage_hourly")).containsExactly("" + records.size());
  }

  private static List<RequestRecord> requestsOverKeys(int keys, int callsEach) {
    return IntStream.range(0, keys * callsEach).mapToObj(i -> new RequestRecord(AT, "openai",
            Optional.of(String.format("key%013d", i % keys)), Optional.of("gpt-4o-mini"), 200, 5,
            Optional.empty(), false, 1, Optional.empty(), Optional.empty()))
        .toList();
  }

  private List<String> query(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
