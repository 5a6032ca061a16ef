package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code MYSQL_SOCKET} reaches MariaDB through its Unix socket, not TCP. */
class MySqlSocketTest {
  private static final Path SOCKET = Path.of("/run/mysqld/mysqld.sock");

  @TempDir
  Path tempDir;

  @Test
  void connectsThroughTheUnixSocket() throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(Dialect.MYSQL, tempDir);
    TestDatabases.requireFile("MariaDB's Unix socket", SOCKET);
    String url = fresh.config().jdbcUrl();
    String name = url.substring(url.lastIndexOf('/') + 1);
    DatabaseConfig viaSocket = DatabaseConfig.mysql("localhost", 3306,
        Optional.of(SOCKET.toString()), name, fresh.config().user(), fresh.config().password());
    try (AutoCloseable drop = fresh.drop(); Database database = Database.open(viaSocket);
        Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(
            "SELECT @@socket, (SELECT COUNT(*) FROM key_state)")) {
      assertThat(row.next()).isTrue();
      assertThat(Files.isSameFile(Path.of(row.getString(1)), SOCKET)).isTrue();
      assertThat(row.getInt(2)).as("migrated through the socket").isZero();
    }
  }
}
