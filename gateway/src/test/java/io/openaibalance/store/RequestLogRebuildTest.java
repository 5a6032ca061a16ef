package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V9 rebuilds SQLite's request log without AUTOINCREMENT and the key index, keeping every row. */
class RequestLogRebuildTest {
  @TempDir
  Path tempDir;

  @Test
  void rowsLoggedBeforeTheRebuildSurviveItAndNewRowsComeAfterThem() throws Exception {
    Path file = tempDir.resolve("data").resolve("balance.db");
    Files.createDirectories(file.getParent());
    String url = "jdbc:sqlite:" + file;
    Flyway.configure().dataSource(url, null, null)
        .locations(Dialect.SQLITE.migrationLocation()).target("8").load().migrate();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      for (int i = 1; i <= 3; i++) {
        statement.executeUpdate("INSERT INTO request_log (created_at, provider, key_id, model,"
            + " status, latency_ms, stream, attempts, total_tokens) VALUES (" + (1000 * i)
            + ", 'openai', 'key" + i + "', 'gpt-4o-mini', 200, " + (10 * i) + ", 0, 1, 30)");
      }
    }

    try (Database database = Database.open(DatabaseConfig.sqlite(file))) {
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        statement.executeUpdate("INSERT INTO request_log (created_at, provider, status, latency_ms,"
            + " stream, attempts) VALUES (4000, 'openai', 502, 40, 1, 2)");
        assertThat(rows(statement, "SELECT id || ':' || created_at || ':' || COALESCE(key_id, '-')"
            + " || ':' || latency_ms || ':' || COALESCE(total_tokens, '-') FROM request_log"
            + " ORDER BY id"))
            .containsExactly("1:1000:key1:10:30", "2:2000:key2:20:30", "3:3000:key3:30:30",
                "4:4000:-:40:-");
        assertThat(rows(statement, "SELECT name FROM sqlite_master WHERE tbl_name = 'request_log'"
            + " AND type = 'index' ORDER BY name")).containsExactly("request_log_created_status");
        assertThat(rows(statement, "SELECT sql FROM sqlite_master WHERE name = 'request_log'"))
            .singleElement().asString().doesNotContainIgnoringCase("autoincrement");
      }
    }
  }

  private static List<String> rows(Statement statement, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery(query)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }
}
