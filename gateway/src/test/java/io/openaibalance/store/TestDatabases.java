package io.openaibalance.store;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database of each dialect per test, on the servers of the machine. A server that
 * is not running skips the test loudly on a laptop, and fails it where {@code
 * OPENAI_BALANCE_REQUIRE_SERVICES=true} (CI), so CI always runs every dialect.
 */
public final class TestDatabases {
  private static final boolean REQUIRED =
      "true".equalsIgnoreCase(System.getenv("OPENAI_BALANCE_REQUIRE_SERVICES"));

  /** Seals what tests store; one passphrase for all, like the instances of one cluster. */
  public static final io.openaibalance.secret.SecretBox BOX =
      io.openaibalance.secret.SecretBox.open(
          Optional.of(io.openaibalance.secret.Secret.of("test-encryption-passphrase")),
          Path.of("unused"));

  private TestDatabases() {}

  /** A fresh database and the statement that drops it afterwards. */
  public record Fresh(DatabaseConfig config, AutoCloseable drop) {}

  public static Fresh create(Dialect dialect, Path tempDir) throws Exception {
    String name = "ob_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return switch (dialect) {
      case SQLITE -> new Fresh(DatabaseConfig.sqlite(tempDir.resolve("data").resolve(name + ".db")), () -> { });
      case MYSQL -> {
        requireServer("MariaDB", 3306);
        String admin = "jdbc:mariadb://127.0.0.1:3306/test";
        // A user of its own, so a test can lock it out of this database alone (an outage).
        execute(admin, "root", "CREATE DATABASE " + name);
        execute(admin, "root", "CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + name + "'");
        execute(admin, "root", "GRANT ALL ON " + name + ".* TO '" + name + "'@'%'");
        yield new Fresh(DatabaseConfig.mysql("127.0.0.1", 3306, name, name,
            Optional.of(io.openaibalance.secret.Secret.of(name))),
            () -> {
              execute(admin, "root", "DROP USER IF EXISTS '" + name + "'@'%'");
              execute(admin, "root", "DROP DATABASE IF EXISTS " + name);
            });
      }
      case POSTGRES -> {
        requireServer("PostgreSQL", 5432);
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        execute(admin, "root", "CREATE DATABASE " + name);
        yield new Fresh(DatabaseConfig.postgres("127.0.0.1", 5432, name, "root", Optional.empty()),
            () -> execute(admin, "root", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
      }
    };
  }

  /**
   * An outage of one test database: it refuses new connections and drops the open ones ({@code
   * refuse}), or accepts them again. PostgreSQL closes the database to connections; MariaDB locks
   * the database's own user.
   */
  public static void refuseConnections(Fresh fresh, boolean refuse) throws SQLException {
    String url = fresh.config().jdbcUrl();
    String name = url.substring(url.lastIndexOf('/') + 1);
    if (fresh.config().dialect() == Dialect.MYSQL) {
      String admin = "jdbc:mariadb://127.0.0.1:3306/test";
      execute(admin, "root", "ALTER USER '" + name + "'@'%' ACCOUNT " + (refuse ? "LOCK" : "UNLOCK"));
      if (refuse) {
        killMariaDbSessions(admin, name);
      }
      return;
    }
    String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
    execute(admin, "root", "ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + !refuse);
    if (refuse) {
      execute(admin, "root",
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }
  }

  private static void killMariaDbSessions(String url, String user) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "root", "");
        Statement list = connection.createStatement();
        java.sql.ResultSet sessions = list.executeQuery(
            "SELECT id FROM information_schema.processlist WHERE user = '" + user + "'")) {
      while (sessions.next()) {
        try (Statement kill = connection.createStatement()) {
          kill.execute("KILL " + sessions.getLong(1));
        } catch (SQLException gone) {
          // It ended between the listing and the kill: that is what we wanted.
        }
      }
    }
  }

  /** Skips loudly (or fails where services are required) when {@code file} does not exist. */
  public static void requireFile(String what, Path file) {
    if (!java.nio.file.Files.exists(file)) {
      unavailable("*** " + what + " is not at " + file + ": its tests cannot run ***");
    }
  }

  private static void unavailable(String message) {
    System.err.println(message);
    if (REQUIRED) {
      throw new AssertionError(message + " (OPENAI_BALANCE_REQUIRE_SERVICES=true)");
    }
    Assumptions.abort(message);
  }

  private static void requireServer(String name, int port) {
    boolean up;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      up = true;
    } catch (java.io.IOException e) {
      up = false;
    }
    if (!up) {
      unavailable("*** " + name + " is not running on 127.0.0.1:" + port
          + ": its database tests cannot run ***");
    }
  }

  private static void execute(String url, String user, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
