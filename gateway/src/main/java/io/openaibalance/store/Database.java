package io.openaibalance.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * An open, migrated database: a HikariCP pool whose schema is at the newest version. Opening it
 * runs the versioned migrations of its dialect; nothing on the request path waits on it.
 */
public final class Database implements AutoCloseable {
  private final Dialect dialect;
  private final HikariDataSource pool;

  private Database(Dialect dialect, HikariDataSource pool) {
    this.dialect = dialect;
    this.pool = pool;
  }

  /** Connects and migrates; throws when the database cannot be reached or migrated. */
  public static Database open(DatabaseConfig config) {
    Database database = connect(config);
    try {
      database.migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  /**
   * A pool that connects lazily: it never fails here, so the gateway can start while its
   * database is down and {@link #migrate()} once it is up.
   */
  public static Database connect(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("openai-balance-" + config.dialect().name().toLowerCase(java.util.Locale.ROOT));
    hikari.setJdbcUrl(config.jdbcUrl());
    if (!config.user().isEmpty()) {
      hikari.setUsername(config.user());
    }
    config.password().ifPresent(password -> hikari.setPassword(password.reveal()));
    if (config.dialect() == Dialect.SQLITE) {
      createParentFolder(config.jdbcUrl().substring("jdbc:sqlite:".length()));
      // One writer at a time is SQLite's rule; WAL lets readers run beside it.
      hikari.setMaximumPoolSize(1);
      hikari.addDataSourceProperty("journal_mode", "WAL");
      // WAL's recommended pairing: no fsync per commit, only at checkpoints; a crash cannot
      // corrupt the file, a power cut may lose the last moments of logs.
      hikari.addDataSourceProperty("synchronous", "NORMAL");
      hikari.addDataSourceProperty("busy_timeout", "5000");
    } else {
      hikari.setMaximumPoolSize(4);
    }
    // Start even when the database is down: state writes queue and retry until it returns.
    hikari.setInitializationFailTimeout(-1);
    // Only the background writer waits for a connection; a short wait lets it retry sooner.
    hikari.setConnectionTimeout(5_000);
    return new Database(config.dialect(), new HikariDataSource(hikari));
  }

  /** Brings the schema to the newest version; safe to run again, and from several instances. */
  public void migrate() {
    Flyway.configure()
        .dataSource(pool)
        .locations(dialect.migrationLocation())
        .load()
        .migrate();
  }

  /** Binds one record to a statement's parameters. */
  @FunctionalInterface
  public interface RowBinder<T> {
    void bind(PreparedStatement statement, T record) throws SQLException;
  }

  /** Runs {@code sql} once per record, as one batch in one transaction. */
  public <T> void executeBatch(String sql, Collection<T> records, RowBinder<T> binder)
      throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    inTransaction(connection -> executeBatch(connection, sql, records, binder));
  }

  /** Runs {@code sql} once per record, as one batch in the caller's transaction. */
  public static <T> void executeBatch(Connection connection, String sql, Collection<T> records,
      RowBinder<T> binder) throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (T record : records) {
        binder.bind(statement, record);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** Work on one connection that commits as a whole or not at all. */
  @FunctionalInterface
  public interface Transaction {
    void run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public void inTransaction(Transaction work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }

  private static void createParentFolder(String file) {
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create the SQLite folder " + parent, e);
    }
  }
}
