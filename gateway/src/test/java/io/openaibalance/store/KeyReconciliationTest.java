package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.secret.Secret;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Key rows follow {@code .env}: a key added to the file gets a row, a removed key loses its row,
 * and a key that stays keeps its state through reloads and restarts.
 */
class KeyReconciliationTest {
  @TempDir
  Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void rowsFollowTheFileAndKeptKeysKeepTheirState(Dialect dialect) throws Exception {
    try (StoredGateway g = new StoredGateway(dialect, tempDir)) {
      g.dotEnv("BASE_URL={upstream}\nMAX_FAILURES=1\n"
          + "API_KEYS=sk-stays-bad:status=401,sk-stays-good,sk-leaves\n").start();
      for (int i = 0; i < 3; i++) {
        assertThat(g.chat("/v1", "m")).isEqualTo(200);
      }
      g.flush();
      assertThat(rows(g)).containsExactlyInAnyOrder(
          id("sk-stays-bad:status=401"), id("sk-stays-good"), id("sk-leaves"));

      g.dotEnv("BASE_URL={upstream}\nMAX_FAILURES=1\n"
          + "API_KEYS=sk-stays-bad:status=401,sk-stays-good,sk-arrives\n").reload();
      g.flush();

      assertThat(rows(g)).containsExactlyInAnyOrder(
          id("sk-stays-bad:status=401"), id("sk-stays-good"), id("sk-arrives"));
      assertThat(g.key("default", "sk-stays-bad").health().disabled()).isTrue();

      g.restart();
      assertThat(g.key("default", "sk-stays-bad").health().disabled())
          .as("a kept key's state survives the reload and the restart").isTrue();
      assertThat(rows(g)).hasSize(3);
    }
  }

  private static String id(String key) {
    return Secret.of(key).id();
  }

  private static List<String> rows(StoredGateway g) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Database database = Database.open(g.databaseConfig());
        Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT key_id FROM key_state")) {
      while (rows.next()) {
        ids.add(rows.getString(1).strip());
      }
    }
    return ids;
  }
}
