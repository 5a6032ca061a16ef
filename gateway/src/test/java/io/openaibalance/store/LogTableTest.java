package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openaibalance.relay.ErrorRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Error-log filters, sorting and paging behave the same on every database. */
class LogTableTest {
  private static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");

  @TempDir
  Path tempDir;

  private static ErrorRecord error(int minutesAgo, String key, int status, String code) {
    return new ErrorRecord(NOW.minusSeconds(60L * minutesAgo), "default", Optional.of(key),
        Optional.of("m"), status, "key_rejected", Optional.of(code),
        "{\"error\":{\"code\":\"" + code + "\"}}", Optional.empty());
  }

  private static LogQuery query(Optional<String> key, Optional<Integer> status,
      Optional<String> text, String sort, boolean descending, int page, int size) {
    return new LogQuery(key, status, text, Optional.empty(), Optional.empty(), sort,
        descending, page, size);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void filtersSortsAndPagesOnEveryDatabase(Dialect dialect) throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    try (AutoCloseable drop = fresh.drop(); Database database = Database.open(fresh.config())) {
      new ErrorLogRepository(database).insertAll(List.of(
          error(1, "aaaaaaaaaaaaaaaa", 401, "invalid_api_key"),
          error(2, "bbbbbbbbbbbbbbbb", 429, "rate_limit_exceeded"),
          error(3, "aaaaaaaaaaaaaaaa", 500, "server_error"),
          error(4, "cccccccccccccccc", 401, "invalidXapiXkey")));
      LogTable<ErrorRecord> search = LogTable.errorLog(database);

      assertThat(search.search(query(Optional.empty(), Optional.empty(),
          Optional.of("invalid_api_key"), "time", true, 0, 10)).total())
          .as("an underscore is matched as written, not as a wildcard").isEqualTo(1);
      assertThat(search.search(query(Optional.of("aaaaaaaaaaaaaaaa"), Optional.of(500),
          Optional.empty(), "time", true, 0, 10)).entries()).singleElement()
          .satisfies(entry -> assertThat(entry.record().errorCode()).contains("server_error"));
      LogTable.Page<ErrorRecord> byStatus = search.search(query(Optional.empty(), Optional.empty(),
          Optional.empty(), "status", false, 1, 2));
      assertThat(byStatus.total()).isEqualTo(4);
      assertThat(byStatus.entries()).extracting(e -> e.record().status()).containsExactly(429, 500);
      assertThatThrownBy(() -> search.search(query(Optional.empty(), Optional.empty(),
          Optional.empty(), "upstream_body; DROP TABLE error_log", true, 0, 10)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
